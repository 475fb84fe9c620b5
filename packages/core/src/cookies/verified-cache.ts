import type { CookieReader, VerifiedId } from "./cookie-reader.js";
import { isSessionId } from "./ids.js";
import { verifyId } from "./signing.js";

/**
 * Remembers cookie values that verified, so a returning client costs a Map lookup
 * instead of an HMAC per listed secret. Only values that verified are kept (a
 * forged value is never cached), the secrets of one manager never change, and
 * the oldest entry goes first when the cache is full. 16,384 entries (about 3 MiB)
 * cover the sessions active within minutes on a busy server.
 */
export class VerifiedCache implements CookieReader {
  readonly #secrets: readonly Buffer[];
  readonly #limit: number;
  #entries = new Map<string, VerifiedId>();

  constructor(secrets: readonly Buffer[], limit = 16384) {
    this.#secrets = secrets;
    this.#limit = limit;
  }

  /** `verifyId(value, secrets)`, served from the cache when the value verified before. */
  verify(value: string | undefined): VerifiedId | undefined {
    if (value === undefined) return undefined;
    if (this.#secrets.length === 0) return isSessionId(value) ? { id: value, current: true } : undefined;
    const hit = this.#entries.get(value);
    if (hit) return hit;
    const verified = verifyId(value, this.#secrets);
    if (verified) {
      if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(value, verified);
    }
    return verified;
  }

  /** Records a value this server just signed, so the client's next request skips the HMAC. */
  remember(value: string, id: string): void {
    if (this.#secrets.length === 0) return;
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(value, { id, current: true });
  }
}
