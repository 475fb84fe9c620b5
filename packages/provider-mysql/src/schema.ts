import { quoteTable } from "./statements.js";

/** The schema version this package writes and reads; kept in the table comment so a later release can migrate. */
export const SCHEMA_VERSION = 3;

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
 * is bound to, indexed so a user's sessions are found without a scan; schema 3 makes it VARBINARY.
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

// Subjects are exact strings. utf8mb4_bin is PAD SPACE, so "alice " would equal "alice" and list her
// sessions; binary strings compare every byte on MySQL and MariaDB alike (no NO PAD collation is
// named the same on both). 768 bytes hold the 256 UTF-16 units core allows, at most 3 bytes each.
const SUBJECT_TYPE = "VARBINARY(768) NULL";
const SUBJECT_COLUMN = `subject ${SUBJECT_TYPE}`;

/**
 * Upgrades a schema-1 table (no subject column) in place to the current schema. Two processes may race
 * to run it: the loser's duplicate column or key error is harmless, and the caller checks the comment again.
 */
export function migrateFromV1Sql(table: string): string {
  return `ALTER TABLE ${quoteTable(table)} ADD COLUMN ${SUBJECT_COLUMN}, ADD KEY subject_idx (subject), COMMENT='${schemaComment()}'`;
}

/** Upgrades a schema-2 table (a PAD SPACE text subject) in place: the stored UTF-8 bytes are kept, the index too. */
export function migrateFromV2Sql(table: string): string {
  return `ALTER TABLE ${quoteTable(table)} MODIFY COLUMN ${SUBJECT_COLUMN}, COMMENT='${schemaComment()}'`;
}

/** Reads the table comment of `table` in the current database: one row, or none when the table is absent. */
export const TABLE_COMMENT_SQL =
  "SELECT TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?";
