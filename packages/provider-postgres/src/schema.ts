import { qualifiedName, quoteIdent } from "./identifiers.js";

/** The schema version this package writes and reads; kept in the table comment so a later release can migrate. */
export const SCHEMA_VERSION = 2;

const COMMENT_PREFIX = "sess:provider-postgres schema=";

/** The table comment that carries the schema version. */
export function schemaComment(version = SCHEMA_VERSION): string {
  return `${COMMENT_PREFIX}${version}`;
}

/** The schema version recorded in a table comment, or undefined when the comment is not ours. */
export function versionOf(comment: string | null | undefined): number | undefined {
  if (typeof comment !== "string" || !comment.startsWith(COMMENT_PREFIX)) return undefined;
  const version = Number(comment.slice(COMMENT_PREFIX.length));
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

/**
 * The DDL of schema version 2, for those who manage migrations themselves. `key` is the
 * storage key (SHA-256 hex of the session id) in the "C" collation, so comparisons are bytewise;
 * `data` is a jsonb object, data key → encoded value; times are epoch milliseconds from the
 * application's clock, the same clock the Manager computes expiry with. `subject` (schema 2) is
 * the user a session is bound to, with a partial index over the bound rows.
 */
export function createTableSql(schema: string, table: string): string {
  const t = qualifiedName(schema, table);
  return [
    `CREATE TABLE ${t} (`,
    `  key text COLLATE "C" NOT NULL PRIMARY KEY,`,
    "  data jsonb NOT NULL,",
    "  created_at bigint NOT NULL,",
    "  expires_at bigint NOT NULL,",
    `  subject text COLLATE "C"`,
    ");",
    `CREATE INDEX ${quoteIdent(`${table}_expires_at_idx`)} ON ${t} (expires_at);`,
    subjectIndexSql(schema, table, ""),
    `COMMENT ON TABLE ${t} IS '${schemaComment()}';`,
  ].join("\n");
}

function subjectIndexSql(schema: string, table: string, ifNotExists: "" | "IF NOT EXISTS "): string {
  return `CREATE INDEX ${ifNotExists}${quoteIdent(`${table}_subject_idx`)} ON ${qualifiedName(schema, table)} (subject) WHERE subject IS NOT NULL;`;
}

/** Upgrades a schema-1 table in place: the subject column, its index and the new comment. */
export function migrateToV2Sql(schema: string, table: string): string {
  const t = qualifiedName(schema, table);
  return [
    `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS subject text COLLATE "C";`,
    subjectIndexSql(schema, table, "IF NOT EXISTS "),
    `COMMENT ON TABLE ${t} IS '${schemaComment(2)}';`,
  ].join("\n");
}

/**
 * The script run on open when `createTable` is on: one transaction that holds an advisory
 * lock on the table's name, so processes starting together neither race on the catalog (a
 * plain CREATE TABLE IF NOT EXISTS can fail there) nor touch a table that already exists.
 */
export function ensureTableScript(schema: string, table: string, timeoutMs?: number): string {
  const name = `${schema}.${table}`;
  return [
    "BEGIN;",
    // Opening has a longer deadline than a call: the catalog work may wait on other processes' locks.
    ...(timeoutMs === undefined ? [] : [`SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)};`]),
    `SELECT pg_advisory_xact_lock(${lockKey(name)});`,
    `DO $sess$ BEGIN IF to_regclass('${qualifiedName(schema, table)}') IS NULL THEN`,
    createTableSql(schema, table),
    `ELSIF obj_description(to_regclass('${qualifiedName(schema, table)}'), 'pg_class') = '${schemaComment(1)}' THEN`,
    migrateToV2Sql(schema, table),
    "END IF; END $sess$;",
    "COMMIT;",
  ].join("\n");
}

/** Reads the table's presence and comment: binds the qualified name. */
export const TABLE_COMMENT_SQL = "SELECT to_regclass($1) IS NOT NULL AS present, obj_description(to_regclass($1), 'pg_class') AS comment";

/** Whether a schema exists: binds its name. */
export const SCHEMA_EXISTS_SQL = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS present";

/** A stable 32-bit lock key for a table name (FNV-1a), unlikely to meet an application's own advisory locks. */
function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(`sess:provider-postgres:${name}`)) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash | 0;
}
