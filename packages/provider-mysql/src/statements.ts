/** The SQL of every operation for one table. Values are always `?` placeholders bound server-side. */
export interface Statements {
  /** The live row's data, times and subject: binds key, now. */
  read: string;
  /** One row when the key is live: binds key, now. */
  exists: string;
  /** Apply a change to a live row: binds clear, patch, bind subject (0/1), subject, expiresAt, key, now. */
  update: string;
  /**
   * Create, or apply to a live row, or replace an expired row: binds key, patch, createdAt, expiresAt,
   * subject, now, clear, patch, patch, now, createdAt, now, bind subject (0/1), subject, subject, expiresAt.
   */
  upsert: string;
  /** New expiry for a live row: binds expiresAt, key, now. */
  touch: string;
  /** Move a live row to a new key: binds newKey, oldKey, now. */
  regenerate: string;
  /** Remove a row whatever its expiry: binds key. */
  destroy: string;
  /** A subject's live rows, from the subject index: binds subject, now. */
  listSubject: string;
  /** Remove a subject's live rows except one key: binds subject, exceptKey ('' for none), now. */
  destroySubject: string;
  /** Live rows, from the expiry index: binds now. */
  count: string;
  /** One batch of expired rows: binds now, batch size. */
  gc: string;
}

/** The table name backquoted; callers validated it against `^[A-Za-z_][A-Za-z0-9_]{0,63}$`, so no quote can occur in it. */
export function quoteTable(table: string): string {
  return `\`${table}\``;
}

/**
 * Builds the statements. A change travels as one JSON merge patch: data keys
 * set map to their strings, deleted keys to null. JSON_MERGE_PATCH applies it
 * inside one UPDATE, so the row lock makes concurrent changes to different keys
 * both stick, and no data key ever becomes part of a JSON path or the SQL text.
 */
export function statementsFor(table: string): Statements {
  const t = quoteTable(table);
  const live = "id = ? AND expires_at > ?";
  return {
    read: `SELECT data, created_at, expires_at, subject FROM ${t} WHERE ${live}`,
    exists: `SELECT 1 FROM ${t} WHERE ${live}`,
    update: `UPDATE ${t} SET data = JSON_MERGE_PATCH(IF(?, '{}', data), ?), subject = IF(?, ?, subject), expires_at = ? WHERE ${live}`,
    // ON DUPLICATE KEY UPDATE assigns left to right: data and created_at still see the old expires_at.
    upsert:
      `INSERT INTO ${t} (id, data, created_at, expires_at, subject) VALUES (?, JSON_MERGE_PATCH('{}', ?), ?, ?, ?) ` +
      `ON DUPLICATE KEY UPDATE ` +
      `data = IF(expires_at > ?, JSON_MERGE_PATCH(IF(?, '{}', data), ?), JSON_MERGE_PATCH('{}', ?)), ` +
      `created_at = IF(expires_at > ?, created_at, ?), ` +
      `subject = IF(expires_at > ?, IF(?, ?, subject), ?), ` +
      `expires_at = ?`,
    touch: `UPDATE ${t} SET expires_at = ? WHERE ${live}`,
    regenerate: `UPDATE ${t} SET id = ? WHERE ${live}`,
    destroy: `DELETE FROM ${t} WHERE id = ?`,
    listSubject: `SELECT id, data, created_at, expires_at, subject FROM ${t} WHERE subject = ? AND expires_at > ?`,
    // One statement: it locks the subject's index range, so a row moved or written meanwhile waits and then finds itself gone.
    destroySubject: `DELETE FROM ${t} WHERE subject = ? AND id <> ? AND expires_at > ?`,
    count: `SELECT COUNT(*) AS n FROM ${t} WHERE expires_at > ?`,
    // Ordered by the index so each batch is deterministic (replication-safe) and locks only the rows it removes.
    gc: `DELETE FROM ${t} WHERE expires_at <= ? ORDER BY expires_at, id LIMIT ?`,
  };
}

/** Rows an UPDATE matched, whether or not the connection has CLIENT_FOUND_ROWS (a user's pool may not). */
export function matchedRows(header: { affectedRows?: number; info?: string }): number {
  const match = /Rows matched:\s*(\d+)/.exec(header.info ?? "");
  return match ? Number(match[1]) : (header.affectedRows ?? 0);
}
