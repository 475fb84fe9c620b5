import type { StoredSession } from "@sess/core/provider";
import { escapeText, unescapeText } from "./text-escape.js";

/** A row as the read statement returns it; pg parses jsonb, and returns bigint as a string. */
export interface SessionRow {
  /** The jsonb object: parsed by pg, or a string where the pool's type parsers differ. */
  data: unknown;
  /** Epoch ms, a numeric string. */
  created_at: unknown;
  /** Epoch ms, a numeric string. */
  expires_at: unknown;
  /** The bound subject (escaped like data), or null. */
  subject?: unknown;
}

/** Turns a row into a StoredSession, or null when its data is not a JSON object (a corrupt row reads as absent). */
export function sessionOf(row: SessionRow): StoredSession | null {
  const parsed = parseData(row.data);
  const createdAt = Number(row.created_at);
  const expiresAt = Number(row.expires_at);
  if (parsed === null || !Number.isFinite(createdAt) || !Number.isFinite(expiresAt)) return null;
  const data = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(parsed)) if (typeof value === "string") data[unescapeText(name)] = unescapeText(value);
  const session: StoredSession = { data, createdAt, expiresAt };
  if (typeof row.subject === "string") session.subject = unescapeText(row.subject);
  return session;
}

function parseData(raw: unknown): Record<string, unknown> | null {
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The keys set, as one jsonb object text, keys and values escaped for PostgreSQL. */
export function patchOf(set: Readonly<Record<string, string>>): string {
  const patch = Object.create(null) as Record<string, string>;
  for (const name of Object.keys(set)) patch[escapeText(name)] = escapeText(set[name]!);
  return JSON.stringify(patch);
}

/** The keys deleted, escaped the same way, for the `- text[]` operator. */
export function deletedOf(deleted: readonly string[]): string[] {
  return deleted.map(escapeText);
}
