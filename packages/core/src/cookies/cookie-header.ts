/**
 * How many cookies of the session's name a request may offer before the rest are ignored:
 * browsers send a few at most (one per Path and Domain), and each costs a verification.
 */
export const MAX_SAME_NAME_COOKIES = 8;

/**
 * The value of the first cookie called `name` in a Cookie header, or undefined.
 * Finds that one cookie instead of parsing them all: a request usually carries
 * several, and only the session's matters here. Quotes around the value are
 * removed as `cookie.parse` does; no percent-decoding, because ids and signatures
 * are base64url and anything else fails verification anyway. The header's length is
 * not limited here: the server's own header limit bounds it, and a longer one
 * silently ignored would log users out without a trace.
 */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  if (header == null) return undefined;
  const at = pairAt(header, name, 0);
  return at < 0 ? undefined : valueAt(header, at + name.length);
}

/**
 * Every value of the cookies called `name`, in header order, at most
 * `MAX_SAME_NAME_COOKIES`: a sibling app on a parent domain, or a stale cookie with
 * another Path, may send one of the same name before the session's own.
 */
export function cookieValues(header: string | null | undefined, name: string): string[] {
  const values: string[] = [];
  if (header == null) return values;
  let at = pairAt(header, name, 0);
  while (at >= 0 && values.length < MAX_SAME_NAME_COOKIES) {
    values.push(valueAt(header, at + name.length));
    at = pairAt(header, name, at + 1);
  }
  return values;
}

// Where a `name=` pair starts, from `from` on, or -1.
function pairAt(header: string, name: string, from: number): number {
  for (;;) {
    const at = header.indexOf(name, from);
    if (at < 0) return -1;
    from = at + 1;
    if (!startsPair(header, at)) continue;
    let eq = at + name.length;
    while (isSpace(header.charCodeAt(eq))) eq++;
    if (header.charCodeAt(eq) === 61 /* = */) return at;
  }
}

// The value after the name ending at `afterName`: up to the next ";", without RFC 6265's
// white space (SP, HTAB) around it. Only those: String.trim() would also remove U+00A0 or
// U+FEFF, so an extended value would open the same session as the value it extends.
function valueAt(header: string, afterName: number): string {
  let start = header.indexOf("=", afterName) + 1;
  let end = header.indexOf(";", start);
  if (end < 0) end = header.length;
  while (start < end && isSpace(header.charCodeAt(start))) start++;
  while (end > start && isSpace(header.charCodeAt(end - 1))) end--;
  if (end - start >= 2 && header.charCodeAt(start) === 34 && header.charCodeAt(end - 1) === 34) {
    start++;
    end--;
  }
  return header.slice(start, end);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

// A cookie name starts the header or follows a ";" and optional white space.
function startsPair(header: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isSpace(header.charCodeAt(i))) i--;
  return i < 0 || header.charCodeAt(i) === 59 /* ; */;
}
