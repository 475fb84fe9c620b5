import type { SealingProvider } from "../spi/sealing.js";
import type { CookieReader, VerifiedId } from "./cookie-reader.js";
import { isSessionId } from "./ids.js";

/** Reads cookie values with a sealing provider: the value is the sealed session itself. */
export class SealedReader implements CookieReader {
  readonly #sealer: SealingProvider;
  readonly #onError: (error: unknown) => void;

  constructor(sealer: SealingProvider, onError: (error: unknown) => void) {
    this.#sealer = sealer;
    this.#onError = onError;
  }

  verify(value: string | undefined): VerifiedId | undefined {
    if (value === undefined || value === "") return undefined;
    let opened;
    try {
      opened = this.#sealer.unseal(value);
    } catch (err) {
      // The contract says unseal never throws for bad input; one that does is a bug worth hearing about, not a crash.
      this.#onError(err);
      return undefined;
    }
    if (opened === null || !isSessionId(opened.session.id)) return undefined;
    return { id: opened.session.id, current: !opened.stale, session: opened.session };
  }

  remember(): void {}
}
