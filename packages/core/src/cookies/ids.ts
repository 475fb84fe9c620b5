import * as crypto from "node:crypto";
import { createHash, randomBytes } from "node:crypto";

/** Length of a session id: 32 random bytes (256 bits) as unpadded base64url. */
export const SESSION_ID_LENGTH = 43;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A new session id: 256 bits from the CSPRNG, base64url. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

/** True when `id` has the exact alphabet and length of an id this library issues. */
export function isSessionId(id: unknown): id is string {
  // 43 base64url characters encode 258 bits; the last character must carry zero padding bits.
  return typeof id === "string" && SESSION_ID.test(id) && "AEIMQUYcgkosw048".includes(id[42]!);
}

/** The storage key for an id: its SHA-256 digest in hex, so a leaked store holds no live ids. */
export function storageKeyOf(id: string): string {
  return oneShotHash ? oneShotHash("sha256", id, "hex") : createHash("sha256").update(id).digest("hex");
}

// crypto.hash (Node >= 20.12) skips the Hash object: about twice as fast for one short input.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;
