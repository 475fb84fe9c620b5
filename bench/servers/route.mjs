/** The three routes every system serves: seed (create a session), write (counter + 1), read. */
export function routeOf(url) {
  if (url.startsWith("/write")) return "write";
  if (url.startsWith("/read")) return "read";
  if (url.startsWith("/seed")) return "seed";
  return "other";
}

/** The value of cookie `name` in a Cookie header (the bench sends exactly one). */
export function cookieValue(header, name) {
  if (!header) return undefined;
  const at = header.indexOf(`${name}=`);
  if (at === -1) return undefined;
  const end = header.indexOf(";", at);
  return decodeURIComponent(header.slice(at + name.length + 1, end === -1 ? undefined : end));
}

/** Secret used by every system that signs or seals its cookie: 32 random bytes as base64url (what the cookie provider's key ring asks for). */
export const SECRET = "q7ZcR2vN8xKfT3mWbY6pLd0HsJ9aUe4GiO1tVnXk5Qw";

/** Idle lifetime every system is given, seconds. */
export const LIFETIME = 3600;
