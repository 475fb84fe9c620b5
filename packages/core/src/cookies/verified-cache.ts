import type { CookieReader, VerifiedId } from "./cookie-reader.js";
import { isSessionId } from "./ids.js";
import { verifyId } from "./signing.js";

/**
 * Remembers cookie values that verified, so a returning client costs a Map lookup
 * instead of an HMAC per listed secret. Only values that verified are kept (a
 * forged value is never cached), the secrets of one manager never change, and
 * the least recently used entry goes first when the cache is full, so a flood of
 * new sessions does not push out the clients that keep coming back. 16,384
 * entries (about 3 MiB) cover the sessions active within minutes on a busy server.
 */
export class VerifiedCache implements CookieReader {
  readonly #secrets: readonly Buffer[];
  readonly #limit: number;
  /** In recency order, oldest first (a Map iterates in insertion order). */
  #entries = new Map<string, Entry>();
  /** Counts insertions; an entry's stamp says how many ago it was (re)inserted. */
  #clock = 0;

  constructor(secrets: readonly Buffer[], limit = 16384) {
    this.#secrets = secrets;
    this.#limit = limit;
  }

  /** `verifyId(value, secrets)`, served from the cache when the value verified before. */
  verify(value: string | undefined): VerifiedId | undefined {
    if (value === undefined) return undefined;
    if (this.#secrets.length === 0) return isSessionId(value) ? { id: value, current: true } : undefined;
    const hit = this.#entries.get(value);
    if (hit) {
      // Moving an entry to the newest end costs a delete and a set: done only once it has
      // aged past half the cache, so a busy client pays it once per limit/2 insertions
      // while it still can never be the next one evicted.
      if (this.#clock - hit.stamp > this.#limit >> 1) {
        this.#entries.delete(value);
        this.#insert(value, hit.verified);
      }
      return hit.verified;
    }
    const verified = verifyId(value, this.#secrets);
    if (verified) this.#insert(value, verified);
    return verified;
  }

  /** Records a value this server just signed, so the client's next request skips the HMAC. */
  remember(value: string, id: string): void {
    if (this.#secrets.length === 0) return;
    this.#entries.delete(value);
    this.#insert(value, { id, current: true });
  }

  /** @internal Whether `value` is cached (tests). */
  has(value: string): boolean {
    return this.#entries.has(value);
  }

  #insert(value: string, verified: VerifiedId): void {
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(value, { verified, stamp: ++this.#clock });
  }
}

interface Entry {
  readonly verified: VerifiedId;
  readonly stamp: number;
}
