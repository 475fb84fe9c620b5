/**
 * A stored session packed into one string: `createdAt:expiresAt:` then, for each
 * data key, `<key length>:<key><value length>:<value>`. One flat string costs far
 * less heap than an object per session with a string per value (about 400 bytes
 * instead of about 1 KB for a 200-byte session), and strings cannot alias the
 * caller's objects. Lengths count UTF-16 units, so any key or value round-trips.
 */

/** Packs a record. */
export function pack(createdAt: number, expiresAt: number, data: Record<string, string>): string {
  // join() yields one flat string; += would leave a rope of small strings on the heap.
  const parts = [`${createdAt}:${expiresAt}:`];
  for (const key of Object.keys(data)) {
    const value = data[key]!;
    parts.push(`${key.length}:`, key, `${value.length}:`, value);
  }
  return parts.join("");
}

/** The position where the data part starts. */
function dataStart(packed: string): number {
  return packed.indexOf(":", packed.indexOf(":") + 1) + 1;
}

/** The record's creation time. */
export function createdAtOf(packed: string): number {
  return Number(packed.slice(0, packed.indexOf(":")));
}

/** The record's expiry time, read without unpacking the data. */
export function expiresAtOf(packed: string): number {
  const first = packed.indexOf(":");
  return Number(packed.slice(first + 1, packed.indexOf(":", first + 1)));
}

/** The same record with another expiry; the data part is copied, not parsed. */
export function withExpiry(packed: string, expiresAt: number): string {
  return [`${createdAtOf(packed)}:${expiresAt}:`, packed.slice(dataStart(packed))].join("");
}

/** The data of a packed record as a fresh null-prototype dictionary. */
export function unpackData(packed: string): Record<string, string> {
  const data = Object.create(null) as Record<string, string>;
  let at = dataStart(packed);
  const end = packed.length;
  while (at < end) {
    // Lengths are read digit by digit: no substring and Number() per field on the hot path.
    let keyLength = 0;
    let c: number;
    while ((c = packed.charCodeAt(at++)) !== 58 /* : */) keyLength = keyLength * 10 + c - 48;
    const key = packed.slice(at, at + keyLength);
    at += keyLength;
    let valueLength = 0;
    while ((c = packed.charCodeAt(at++)) !== 58) valueLength = valueLength * 10 + c - 48;
    data[key] = packed.slice(at, at + valueLength);
    at += valueLength;
  }
  return data;
}
