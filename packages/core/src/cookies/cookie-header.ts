/** Cookie headers longer than this are treated as carrying no session (browsers send at most a few KiB). */
export const MAX_COOKIE_HEADER = 16384;

/**
 * The value of the first cookie called `name` in a Cookie header, or undefined.
 * Finds that one cookie instead of parsing them all: a request usually carries
 * several, and only the session's matters here. Quotes around the value are
 * removed as `cookie.parse` does; no percent-decoding, because ids and signatures
 * are base64url and anything else fails verification anyway.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header.length > MAX_COOKIE_HEADER) return undefined;
  let from = 0;
  for (;;) {
    const at = header.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + 1;
    if (!startsPair(header, at)) continue;
    let eq = at + name.length;
    while (header.charCodeAt(eq) === 32 || header.charCodeAt(eq) === 9) eq++;
    if (header.charCodeAt(eq) !== 61 /* = */) continue;
    let end = header.indexOf(";", eq + 1);
    if (end < 0) end = header.length;
    let value = header.slice(eq + 1, end).trim();
    if (value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) value = value.slice(1, -1);
    return value;
  }
}

// A cookie name starts the header or follows a ";" and optional white space.
function startsPair(header: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (header.charCodeAt(i) === 32 || header.charCodeAt(i) === 9)) i--;
  return i < 0 || header.charCodeAt(i) === 59 /* ; */;
}
