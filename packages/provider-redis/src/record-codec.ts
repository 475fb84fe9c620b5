import type { StoredSession } from "@sess/core/provider";

/** Hash field holding the creation time (epoch ms). */
export const CREATED_FIELD = "c";
/** Hash field holding the expiry time (epoch ms); the key's PEXPIREAT says the same. */
export const EXPIRES_FIELD = "e";
/** Hash field holding the subject the session is bound to, when it is bound. */
export const SUBJECT_FIELD = "s";
/** Every data field starts with this, so data keys never collide with the meta fields. */
export const DATA_PREFIX = "d:";

// Redis stores bytes and ioredis sends strings as UTF-8, which cannot carry a lone
// surrogate. Such strings (and, to keep decoding unambiguous, strings that start
// with NUL) are stored as NUL + JSON, which escapes lone surrogates. Everything
// else, practically every key and value, is stored as it is.
const ESCAPE = "\u0000";

/** The stored form of a data key or value. */
export function encodeString(text: string): string {
  return text.startsWith(ESCAPE) || !isWellFormed(text) ? ESCAPE + JSON.stringify(text) : text;
}

/** The inverse of {@link encodeString}. */
export function decodeString(stored: string): string {
  return stored.startsWith(ESCAPE) ? (JSON.parse(stored.slice(1)) as string) : stored;
}

/** The hash field name for a data key. */
export function dataField(key: string): string {
  return DATA_PREFIX + encodeString(key);
}

/** Builds a record from an HGETALL reply; null when absent, expired at `now`, or unreadable. */
export function decodeRecord(reply: unknown, now: number): StoredSession | null {
  const pairs = toPairs(reply);
  if (pairs.length === 0) return null;
  const data = Object.create(null) as Record<string, string>;
  let createdAt = Number.NaN;
  let expiresAt = Number.NaN;
  let subject: string | undefined;
  for (const [field, value] of pairs) {
    if (field.startsWith(DATA_PREFIX)) data[decodeString(field.slice(DATA_PREFIX.length))] = decodeString(value);
    else if (field === CREATED_FIELD) createdAt = Number(value);
    else if (field === EXPIRES_FIELD) expiresAt = Number(value);
    else if (field === SUBJECT_FIELD) subject = decodeString(value);
  }
  if (!Number.isFinite(createdAt) || !Number.isFinite(expiresAt) || expiresAt <= now) return null;
  return subject === undefined ? { data, createdAt, expiresAt } : { data, createdAt, expiresAt, subject };
}

// ioredis turns HGETALL into an object; a client configured for RESP3 maps may hand a Map or flat array.
function toPairs(reply: unknown): Array<[string, string]> {
  if (reply === null || reply === undefined) return [];
  if (Array.isArray(reply)) {
    const out: Array<[string, string]> = [];
    for (let i = 0; i + 1 < reply.length; i += 2) out.push([String(reply[i]), String(reply[i + 1])]);
    return out;
  }
  if (reply instanceof Map) return [...reply].map(([k, v]) => [String(k), String(v)]);
  if (typeof reply === "object") return Object.entries(reply as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
  return [];
}

function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}
