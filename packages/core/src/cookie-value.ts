import { createHmac, timingSafeEqual } from "node:crypto";
import { isSessionId } from "./ids.js";
import type { SealingProvider, SealedSession } from "./sealing-provider.js";

// An HMAC-SHA256 digest as unpadded base64url. Checked before decoding because
// Node's base64 decoder skips characters it does not know ("sig=", "si!g"). 43
// characters carry 258 bits for 256: the last one must leave its two low bits
// zero, or four spellings of one signature would all verify.
const SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

function mac(secret: Buffer, id: string): Buffer {
  return createHmac("sha256", secret).update(id).digest();
}

/** The cookie value for `id`: the id alone, or `id.signature` (HMAC-SHA256, base64url) under the first secret. */
export function signId(id: string, secrets: readonly Buffer[]): string {
  const first = secrets[0];
  return first ? `${id}.${mac(first, id).toString("base64url")}` : id;
}

/** A verified cookie value: its id, and whether the current (first) secret signed it. */
export interface VerifiedId {
  id: string;
  /** True when the value can be sent back as it is: unsigned cookies, or signed by the first secret. */
  current: boolean;
  /** For a sealing provider: the session the value carries. */
  session?: SealedSession;
}

/** Turns the cookie value a request sent into the id (and, for a sealing provider, the session) it carries. */
export interface CookieReader {
  /** The verified content of `value`, or undefined when this server did not issue it. */
  verify(value: string | undefined): VerifiedId | undefined;
  /** Notes a value this server just issued. */
  remember(value: string, id: string): void;
}

/**
 * The id carried by a cookie value and whether the current secret signed it, or
 * undefined when the value is not one this server issued: wrong shape, wrong
 * length, or a signature that no listed secret produced (compared in constant
 * time). Decided before any store call.
 */
export function verifyId(value: string | undefined, secrets: readonly Buffer[]): VerifiedId | undefined {
  if (value === undefined || value.length > 128) return undefined;
  if (secrets.length === 0) return isSessionId(value) ? { id: value, current: true } : undefined;
  const dot = value.indexOf(".");
  if (dot < 0) return undefined;
  const id = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (!isSessionId(id) || !SIGNATURE.test(signature)) return undefined;
  const given = Buffer.from(signature, "base64url");
  if (given.length !== 32) return undefined;
  let ok = false;
  let current = false;
  // Check every secret so the time taken does not reveal which one matched.
  secrets.forEach((secret, index) => {
    const match = timingSafeEqual(mac(secret, id), given);
    ok = match || ok;
    if (index === 0) current = match;
  });
  return ok ? { id, current } : undefined;
}

/** The session id carried by a cookie value, or undefined when this server did not issue it (see `verifyId`). */
export function unsignId(value: string | undefined, secrets: readonly Buffer[]): string | undefined {
  return verifyId(value, secrets)?.id;
}

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
