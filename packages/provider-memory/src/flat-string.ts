// V8 stores a string with any character above U+00FF at two bytes per character, others at one.
const TWO_BYTE = /[\u0100-\uffff]/;

/** Whether `s` holds a character V8 can only store at two bytes per character. */
export function hasTwoByteChars(s: string): boolean {
  return TWO_BYTE.test(s);
}

/**
 * A copy of `s` as one flat string in the narrowest encoding its characters allow. A string
 * joined from slices of a two-byte string stays two-byte even when no such character is left,
 * and a rope (a string built by `+`) keeps its parts alive: neither is what the store charges.
 * Both round trips are lossless (latin1 for characters up to U+00FF, UTF-16 code units otherwise).
 */
export function flatCopy(s: string): string {
  return hasTwoByteChars(s) ? Buffer.from(s, "utf16le").toString("utf16le") : Buffer.from(s, "latin1").toString("latin1");
}
