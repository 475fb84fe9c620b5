import { isSessionId } from "./ids.js";

/**
 * Why a request's session cookie was not honoured: "malformed" (not the shape of a value this
 * library issues), "non_canonical" (the right shape but an alternative spelling, such as other
 * padding bits: the work of a tool, not a browser), "bad_signature" (a well-formed value no
 * listed secret signed), "unsealable" (a sealed value that does not open), "foreign_key_id"
 * (sealed under a key id this server does not hold), "expired" (it names a session past its time).
 */
export type CookieRejection = "malformed" | "non_canonical" | "bad_signature" | "unsealable" | "foreign_key_id" | "expired";

const BASE64URL_43 = /^[A-Za-z0-9_-]{43}$/;
const CANONICAL_LAST = "AEIMQUYcgkosw048";

/**
 * The reason `verifyId` refused `value`, from its shape alone. Called only after a refusal, so the
 * accepted path pays nothing, and it computes no HMAC: a well-formed value that failed can only
 * have failed its signature.
 */
export function signedRejection(value: string, signed: boolean): CookieRejection {
  if (!signed) return BASE64URL_43.test(value) && !isSessionId(value) ? "non_canonical" : "malformed";
  const dot = value.indexOf(".");
  if (value.length > 128 || dot < 0) return "malformed";
  const id = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (!BASE64URL_43.test(id) || !BASE64URL_43.test(signature)) return "malformed";
  if (!isSessionId(id) || !CANONICAL_LAST.includes(signature[42]!)) return "non_canonical";
  return "bad_signature";
}
