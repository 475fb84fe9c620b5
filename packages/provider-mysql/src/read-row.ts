import type { StoredSession } from "@sess/core/provider";

/** A row as the read statement returns it; types vary with the pool's options (jsonStrings, bigNumberStrings). */
export interface SessionRow {
  /** The JSON object: a string, a Buffer, or already parsed. */
  data: unknown;
  /** Epoch ms: a number or a numeric string. */
  created_at: unknown;
  /** Epoch ms: a number or a numeric string. */
  expires_at: unknown;
  /** The bound subject, or null. */
  subject?: unknown;
}

/** Turns a row into a StoredSession, or null when its data is not a JSON object (a corrupt row reads as absent). */
export function sessionOf(row: SessionRow): StoredSession | null {
  const parsed = parseData(row.data);
  if (parsed === null) return null;
  const data = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(parsed)) if (typeof value === "string") data[name] = value;
  const session: StoredSession = { data, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) };
  const subject = Buffer.isBuffer(row.subject) ? row.subject.toString("utf8") : row.subject;
  if (typeof subject === "string") session.subject = subject;
  return session;
}

function parseData(raw: unknown): Record<string, unknown> | null {
  let value = raw;
  if (Buffer.isBuffer(value)) value = value.toString("utf8");
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The change as one JSON merge patch: set keys to their strings, deleted keys to null. */
export function patchOf(set: Readonly<Record<string, string>>, deleted: readonly string[]): string {
  const patch = Object.create(null) as Record<string, string | null>;
  for (const name of deleted) patch[name] = null;
  for (const name of Object.keys(set)) patch[name] = set[name]!;
  return JSON.stringify(patch);
}
