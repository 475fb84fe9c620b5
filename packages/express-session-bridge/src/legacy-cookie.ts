import { createHmac, timingSafeEqual } from "node:crypto";

// Longer values are not ids express-session issued; they are ignored without parsing.
const MAX_VALUE = 4096;

/**
 * The value of the first cookie called `name` in a Cookie header, percent-decoded, as
 * express-session's parser (`cookie.parse`) reads it: the first occurrence wins and a value
 * that does not decode is kept as sent. Undefined when the header has no such cookie.
 */
export function legacyCookieValue(header: string | null | undefined, name: string): string | undefined {
  // Most requests after the switch carry no legacy cookie: one substring search decides.
  if (header == null || !header.includes(name)) return undefined;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length > MAX_VALUE) return undefined;
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/**
 * The session id in an express-session cookie value (`s:<id>.<signature>`), when one of
 * `secrets` signed it the way express-session does (cookie-signature: HMAC-SHA256, base64
 * without padding, compared in constant time); undefined for an unsigned, forged or
 * foreign value, which is never trusted.
 */
export function unsignLegacy(value: string, secrets: readonly string[]): string | undefined {
  if (!value.startsWith("s:")) return undefined;
  const dot = value.lastIndexOf(".");
  if (dot <= 2) return undefined;
  const id = value.slice(2, dot);
  const given = Buffer.from(value.slice(dot + 1));
  let found = false;
  // Every secret is tried, so the time taken does not tell which one matched.
  for (const secret of secrets) {
    const expected = Buffer.from(createHmac("sha256", secret).update(id).digest("base64").replace(/=+$/, ""));
    if (expected.length === given.length && timingSafeEqual(expected, given)) found = true;
  }
  return found ? id : undefined;
}

/** A Set-Cookie value that makes the browser drop the legacy cookie (its Path and Domain must match the ones express-session set). */
export function expiredCookie(name: string, path: string, domain: string | undefined): string {
  // Browsers refuse a __Secure- or __Host- cookie, even an expiring one, without Secure.
  const secure = name.startsWith("__Secure-") || name.startsWith("__Host-") ? "; Secure" : "";
  return `${name}=; Path=${path}${domain === undefined ? "" : `; Domain=${domain}`}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0${secure}`;
}
