import { configError } from "./errors.js";

// Table names leave room for the "_expires_at_idx" suffix within Postgres's 63-byte identifiers.
const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/;
const SCHEMA = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Throws INVALID_CONFIG unless `table` is a plain identifier of at most 48 characters. */
export function checkTable(table: unknown): string {
  if (typeof table !== "string" || !TABLE.test(table)) throw configError("table must match ^[A-Za-z_][A-Za-z0-9_]{0,47}$");
  return table;
}

/** Throws INVALID_CONFIG unless `schema` is a plain identifier of at most 63 characters. */
export function checkSchema(schema: unknown): string {
  if (typeof schema !== "string" || !SCHEMA.test(schema)) throw configError("schema must match ^[A-Za-z_][A-Za-z0-9_]{0,62}$");
  return schema;
}

/** A double-quoted identifier; callers validated it, so no quote can occur in it. */
export function quoteIdent(name: string): string {
  return `"${name}"`;
}

/** `"schema"."table"`, as it appears in every statement. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}
