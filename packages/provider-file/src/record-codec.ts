/** A record as it sits on disk: `{ v: 1, createdAt, expiresAt, data, subject? }`. */
export interface DiskRecord {
  createdAt: number;
  /** The expiry at the last full write; the file's mtime may be later (a touch moved it). */
  expiresAt: number;
  /** A null-prototype dictionary, so `__proto__` is an ordinary data key. */
  data: Record<string, string>;
  /** The subject the session is bound to, if any. */
  subject?: string | undefined;
}

/** Serializes a record; JSON escapes lone surrogates and NUL, so any string round-trips. */
export function encodeRecord(record: DiskRecord): string {
  const { createdAt, expiresAt, data, subject } = record;
  return JSON.stringify(subject === undefined ? { v: 1, createdAt, expiresAt, data } : { v: 1, createdAt, expiresAt, data, subject });
}

/** Parses a record, or returns a reason string when the text is not a well-formed version-1 record. */
export function decodeRecord(text: string): DiskRecord | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.length === 0 ? "the file is empty" : "the file is not valid JSON";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "the record is not an object";
  const { v, createdAt, expiresAt, data, subject } = parsed as Record<string, unknown>;
  if (v !== 1) return `unknown record version ${JSON.stringify(v) ?? "undefined"}`;
  if (!Number.isFinite(createdAt) || !Number.isFinite(expiresAt)) return "createdAt or expiresAt is not a number";
  if (typeof data !== "object" || data === null || Array.isArray(data)) return "data is not an object";
  if (subject !== undefined && typeof subject !== "string") return "subject is not a string";
  const out = Object.create(null) as Record<string, string>;
  // JSON.parse defines "__proto__" as an own property, so Object.keys sees it like any other key.
  for (const name of Object.keys(data)) {
    const value = (data as Record<string, unknown>)[name];
    if (typeof value !== "string") return `data key ${JSON.stringify(name)} does not hold a string`;
    out[name] = value;
  }
  const record: DiskRecord = { createdAt: createdAt as number, expiresAt: expiresAt as number, data: out };
  if (subject !== undefined) record.subject = subject;
  return record;
}
