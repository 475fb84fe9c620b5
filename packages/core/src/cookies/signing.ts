import { createHmac, timingSafeEqual } from "node:crypto";
import { isSessionId } from "./ids.js";
import type { VerifiedId } from "./cookie-reader.js";

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
