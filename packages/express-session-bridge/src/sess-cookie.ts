import type { Manager } from "@sess/core";

type Attributes = Manager["options"]["cookie"];

/**
 * The sess cookie for a moved session, with the manager's attributes. The binding does not
 * send it by itself: it sees the cookie the bridge put in the request, so to it the client
 * already holds one.
 */
export function sessSetCookie(name: string, value: string, attributes: Attributes, secure: boolean, maxAgeMs: number | undefined, now: number): string {
  const parts = [`${name}=${value}`];
  if (maxAgeMs !== undefined) {
    const seconds = Math.max(0, Math.floor(maxAgeMs / 1000));
    parts.push(`Max-Age=${seconds}`, `Expires=${new Date(now + seconds * 1000).toUTCString()}`);
  }
  parts.push(`Path=${attributes.path}`);
  if (attributes.domain !== undefined) parts.push(`Domain=${attributes.domain}`);
  if (attributes.httpOnly) parts.push("HttpOnly");
  if (attributes.sameSite !== false) parts.push(`SameSite=${attributes.sameSite[0]!.toUpperCase()}${attributes.sameSite.slice(1)}`);
  const isSecure = attributes.secure === "auto" ? secure : attributes.secure;
  if (isSecure) parts.push("Secure");
  if (isSecure && attributes.partitioned) parts.push("Partitioned");
  return parts.join("; ");
}

/** The request's Cookie header with the sess cookie first, so the manager's binding (which reads the first one) loads the moved session. */
export function withSessCookie(header: string | null | undefined, name: string, value: string): string {
  return header == null || header === "" ? `${name}=${value}` : `${name}=${value}; ${header}`;
}
