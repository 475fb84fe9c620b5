import { quoteTable } from "./statements.js";

/** The schema version this package writes and reads; kept in the table comment so a later release can migrate. */
export const SCHEMA_VERSION = 2;

const COMMENT_PREFIX = "sess:provider-mysql schema=";

/** The table comment that carries the schema version. */
export function schemaComment(version = SCHEMA_VERSION): string {
  return `${COMMENT_PREFIX}${version}`;
}

/** The schema version recorded in a table comment, or undefined when the comment is not ours. */
export function versionOf(comment: string): number | undefined {
  if (!comment.startsWith(COMMENT_PREFIX)) return undefined;
  const version = Number(comment.slice(COMMENT_PREFIX.length));
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

/**
 * CREATE TABLE for MySQL 8 and MariaDB 10.11+. `data` is LONGTEXT holding a JSON
 * object (MariaDB's JSON type is LONGTEXT anyway; MySQL 8 parses LONGTEXT in the
 * JSON functions), utf8mb4 with a binary collation so 4-byte characters and exact
 * bytes round-trip. Times are epoch milliseconds. `subject` (schema 2) is the user a session
 * is bound to, indexed so a user's sessions are found without a scan.
 */
export function createTableSql(table: string): string {
  return [
    `CREATE TABLE IF NOT EXISTS ${quoteTable(table)} (`,
    "  id CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,",
    "  data LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,",
    "  created_at BIGINT NOT NULL,",
    "  expires_at BIGINT NOT NULL,",
    `  ${SUBJECT_COLUMN},`,
    "  PRIMARY KEY (id),",
    "  KEY expires_at_idx (expires_at),",
    "  KEY subject_idx (subject)",
    `) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='${schemaComment()}'`,
  ].join("\n");
}

const SUBJECT_COLUMN = "subject VARCHAR(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL";

/**
 * Upgrades a schema-1 table (no subject column) in place. Two processes may race to run it:
 * the loser's duplicate column or key error is harmless, and the caller checks the comment again.
 */
export function migrateToV2Sql(table: string): string {
  return `ALTER TABLE ${quoteTable(table)} ADD COLUMN ${SUBJECT_COLUMN}, ADD KEY subject_idx (subject), COMMENT='${schemaComment(2)}'`;
}

/** Reads the table comment of `table` in the current database: one row, or none when the table is absent. */
export const TABLE_COMMENT_SQL =
  "SELECT TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?";
