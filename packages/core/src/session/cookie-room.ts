import { type CookieAttributes, SetCookieWriter } from "../cookies/set-cookie.js";
import { SessError, SessErrorCode } from "../errors.js";
import type { SessionPolicy } from "./policy.js";

/** Browsers drop a cookie larger than this, name, value and attributes together (RFC 6265 section 6.1). */
export const COOKIE_LIMIT = 4096;
// Lifetimes are capped at 400 days (RFC 6265bis), so no Max-Age this manager sends has more digits.
const LONGEST_MAX_AGE_MS = 400 * 86_400_000;

/** Bytes of the longest Set-Cookie for `name` with these attributes, less its value: Max-Age, Expires and the Secure form included. */
export function cookieOverhead(name: string, cookie: CookieAttributes): number {
  return Buffer.byteLength(new SetCookieWriter(name, cookie).cookie("", LONGEST_MAX_AGE_MS, Date.now(), true));
}

const rooms = new WeakMap<SessionPolicy, number>();

/** The longest cookie value that keeps this manager's Set-Cookie within the limit; undefined when the policy does not name its cookie. */
export function valueRoom(policy: SessionPolicy): number | undefined {
  const { cookieName, cookie } = policy;
  if (cookieName === undefined || cookie === undefined) return undefined;
  let room = rooms.get(policy);
  if (room === undefined) rooms.set(policy, (room = COOKIE_LIMIT - cookieOverhead(cookieName, cookie)));
  return room;
}

/**
 * Throws `TOO_LARGE` when `sealed` would make this manager's Set-Cookie larger than browsers keep:
 * whatever room a sealing provider kept for the name and attributes, such a cookie is dropped silently.
 */
export function checkCookieRoom(sealed: string, policy: SessionPolicy, source: string): void {
  const room = valueRoom(policy);
  // A UTF-16 unit is at most 3 UTF-8 bytes: a short value skips the byte count.
  if (room === undefined || sealed.length * 3 <= room || Buffer.byteLength(sealed) <= room) return;
  throw new SessError(
    SessErrorCode.TOO_LARGE,
    `the sealed session would make a Set-Cookie larger than ${COOKIE_LIMIT} bytes with the cookie's ${COOKIE_LIMIT - room} bytes of name and attributes, and browsers drop larger cookies: keep less in the session, or use a server-side provider`,
    { source },
  );
}
