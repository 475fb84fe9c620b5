/**
 * A record as one LevelDB value: `s1|<createdAt>|<expiresAt>|<data as JSON>`, or for a
 * session bound to a subject `s2|<createdAt>|<expiresAt>|<subject length>|<subject><data as JSON>`.
 * The header comes first so a touch replaces the times and copies the data part
 * as it is, without parsing or re-encoding it.
 */

/** A decoded record; `data` is a null-prototype dictionary, so `__proto__` is an ordinary data key. */
export interface DiskRecord {
  createdAt: number;
  expiresAt: number;
  data: Record<string, string>;
  /** The subject the session is bound to, if any. */
  subject?: string | undefined;
}

/** A record whose header is read but whose data part is still JSON text. */
export interface RecordHeader {
  createdAt: number;
  expiresAt: number;
  /** The JSON text of the data, as stored. */
  dataText: string;
  /** The subject the session is bound to, if any. */
  subject: string | undefined;
}

const TAG = "s1|";
const BOUND_TAG = "s2|";

/** Encodes a record; JSON escapes lone surrogates and NUL, so any string round-trips. */
export function encodeRecord(record: DiskRecord): string {
  return encodeWithText(record.createdAt, record.expiresAt, JSON.stringify(record.data), record.subject);
}

/** Encodes a record whose data is already JSON text (a touch, a move). */
export function encodeWithText(createdAt: number, expiresAt: number, dataText: string, subject?: string): string {
  if (subject === undefined) return `${TAG}${createdAt}|${expiresAt}|${dataText}`;
  return `${BOUND_TAG}${createdAt}|${expiresAt}|${subject.length}|${subject}${dataText}`;
}

/** Reads the header, or returns a reason string when the value is not one of ours. */
export function decodeHeader(value: string): RecordHeader | string {
  const bound = value.startsWith(BOUND_TAG);
  if (!bound && !value.startsWith(TAG)) return "the value is not a sess record (unknown tag)";
  const first = value.indexOf("|", TAG.length);
  const second = first < 0 ? -1 : value.indexOf("|", first + 1);
  if (second < 0) return "the record header is cut short";
  const createdAt = Number(value.slice(TAG.length, first));
  const expiresAt = Number(value.slice(first + 1, second));
  if (first === TAG.length || second === first + 1 || !Number.isFinite(createdAt) || !Number.isFinite(expiresAt)) {
    return "createdAt or expiresAt is not a number";
  }
  if (!bound) return { createdAt, expiresAt, dataText: value.slice(second + 1), subject: undefined };
  const third = value.indexOf("|", second + 1);
  const length = third < 0 ? Number.NaN : Number(value.slice(second + 1, third));
  if (!Number.isInteger(length) || length < 1 || third + 1 + length > value.length) return "the subject length is not a number in range";
  return { createdAt, expiresAt, subject: value.slice(third + 1, third + 1 + length), dataText: value.slice(third + 1 + length) };
}

/** Parses the data part, or returns a reason string when it is not an object of strings. */
export function decodeData(text: string): Record<string, string> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "the data is not valid JSON";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "the data is not an object";
  const out = Object.create(null) as Record<string, string>;
  // JSON.parse defines "__proto__" as an own property, so Object.keys sees it like any other key.
  for (const name of Object.keys(parsed)) {
    const value = (parsed as Record<string, unknown>)[name];
    if (typeof value !== "string") return `data key ${JSON.stringify(name)} does not hold a string`;
    out[name] = value;
  }
  return out;
}

/** Decodes a whole record, or returns a reason string. */
export function decodeRecord(value: string): DiskRecord | string {
  const header = decodeHeader(value);
  if (typeof header === "string") return header;
  const data = decodeData(header.dataText);
  if (typeof data === "string") return data;
  return { createdAt: header.createdAt, expiresAt: header.expiresAt, data };
}
