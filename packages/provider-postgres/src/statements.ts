import { createHash } from "node:crypto";
import { qualifiedName } from "./identifiers.js";

/** A named statement: pg prepares it once per connection and then only binds and executes. */
export interface Statement {
  /** Unique per table, so two providers on different tables never share a prepared name. */
  name: string;
  /** The SQL, with `$n` placeholders. */
  text: string;
}

/** The statements of every operation for one table. */
export interface Statements {
  /** The live row: binds key, now. */
  read: Statement;
  /** One row when the key is live: binds key, now. */
  exists: Statement;
  /** Apply a change to a live row: binds key, clear, deleted, patch, expiresAt, now, bind subject, subject. */
  update: Statement;
  /** Create, or apply to a live row, or replace an expired row: binds key, clear, deleted, patch, createdAt, expiresAt, now, bind subject, subject. */
  upsert: Statement;
  /** New expiry for a live row: binds key, expiresAt, now. */
  touch: Statement;
  /** Move a live row to a new key, removing an expired row left there: binds oldKey, newKey, now. */
  regenerate: Statement;
  /** Remove a row whatever its expiry: binds key. */
  destroy: Statement;
  /** A subject's live rows, through the subject index: binds subject, now. */
  listSubject: Statement;
  /** Remove a subject's live rows except one key: binds subject, exceptKey ('' for none), now. */
  destroySubject: Statement;
  /** Live rows: binds now. */
  count: Statement;
  /** One batch of expired rows, skipping rows other transactions hold: binds now, batch size. */
  gc: Statement;
}

/**
 * Builds the statements. A change is applied inside one UPDATE: the stored object minus the
 * deleted keys (`- text[]`), then the keys set (`|| jsonb`). At READ COMMITTED an UPDATE that
 * waited for another writer's row lock re-reads the committed row and evaluates its SET again,
 * so concurrent changes to different keys both stick, and a row deleted meanwhile is not matched.
 */
export function statementsFor(schema: string, table: string): Statements {
  const t = qualifiedName(schema, table);
  const tag = createHash("sha256").update(t).digest("hex").slice(0, 12);
  const named = (op: string, text: string): Statement => ({ name: `sess_${op}_${tag}`, text });
  const merged = (row: string) => `(CASE WHEN $2::boolean THEN '{}'::jsonb ELSE ${row}data END - $3::text[]) || $4::jsonb`;
  return {
    read: named("read", `SELECT data, created_at, expires_at, subject FROM ${t} WHERE key = $1 AND expires_at > $2::bigint`),
    exists: named("exists", `SELECT 1 FROM ${t} WHERE key = $1 AND expires_at > $2::bigint`),
    update: named(
      "update",
      `UPDATE ${t} SET data = ${merged("")}, subject = CASE WHEN $7::boolean THEN $8::text ELSE subject END, expires_at = $5::bigint ` +
        `WHERE key = $1 AND expires_at > $6::bigint`,
    ),
    // Every SET expression sees the row as it was before this statement.
    upsert: named(
      "upsert",
      `INSERT INTO ${t} AS s (key, data, created_at, expires_at, subject) VALUES ($1, $4::jsonb, $5::bigint, $6::bigint, $9::text) ` +
        `ON CONFLICT (key) DO UPDATE SET ` +
        `data = CASE WHEN s.expires_at > $7::bigint THEN ${merged("s.")} ELSE EXCLUDED.data END, ` +
        `created_at = CASE WHEN s.expires_at > $7::bigint THEN s.created_at ELSE EXCLUDED.created_at END, ` +
        `subject = CASE WHEN s.expires_at > $7::bigint AND NOT $8::boolean THEN s.subject ELSE EXCLUDED.subject END, ` +
        `expires_at = EXCLUDED.expires_at`,
    ),
    touch: named("touch", `UPDATE ${t} SET expires_at = $2::bigint WHERE key = $1 AND expires_at > $3::bigint`),
    // An expired row left at newKey is deleted first: the UPDATE's condition reads the CTE, which
    // makes it run to completion before any row moves (an unread CTE would run last, after the
    // uniqueness check had failed), and a row this statement deleted never counts as a duplicate.
    regenerate: named(
      "regenerate",
      `WITH stale AS (DELETE FROM ${t} WHERE key = $2 AND expires_at <= $3::bigint RETURNING 1) ` +
        `UPDATE ${t} SET key = $2 WHERE key = $1 AND expires_at > $3::bigint AND (SELECT count(*) FROM stale) >= 0`,
    ),
    destroy: named("destroy", `DELETE FROM ${t} WHERE key = $1`),
    listSubject: named("list_subject", `SELECT key, data, created_at, expires_at, subject FROM ${t} WHERE subject = $1 AND expires_at > $2::bigint`),
    // At READ COMMITTED a row a concurrent regenerate moved is re-checked under its new key and
    // deleted there; a write waiting on a row this deletes then matches nothing.
    destroySubject: named("destroy_subject", `DELETE FROM ${t} WHERE subject = $1 AND key <> $2 AND expires_at > $3::bigint`),
    count: named("count", `SELECT count(*) AS n FROM ${t} WHERE expires_at > $1::bigint`),
    // Ordered by the index so a batch costs what it removes; SKIP LOCKED leaves rows a writer holds for the next pass.
    gc: named(
      "gc",
      `DELETE FROM ${t} WHERE key IN (SELECT key FROM ${t} WHERE expires_at <= $1::bigint ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED) ` +
        `AND expires_at <= $1::bigint`,
    ),
  };
}
