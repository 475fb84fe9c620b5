/** The columns a schema-2 table must have, as `format_type` names them. */
const REQUIRED: Readonly<Record<string, string>> = {
  key: "text",
  data: "jsonb",
  created_at: "bigint",
  expires_at: "bigint",
  subject: "text",
};

/** The table's columns and whether `key` has a unique index of its own (ON CONFLICT (key) needs one): binds the qualified name. */
export const TABLE_SHAPE_SQL =
  "SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AND NOT a.atthasdef AS required, " +
  "EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique AND i.indnatts = 1 AND i.indpred IS NULL AND i.indkey[0] = a.attnum) AS unique_key " +
  "FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped";

/** One row of {@link TABLE_SHAPE_SQL}. */
export interface ColumnRow {
  name: string;
  type: string;
  required: boolean;
  unique_key: boolean;
}

/**
 * What is wrong with a table that carries sess's comment, or undefined when every statement can
 * run on it: a copied comment or a hand-made migration must fail at open, not on every call.
 */
export function shapeProblem(columns: readonly ColumnRow[]): string | undefined {
  const byName = new Map(columns.map((c) => [c.name, c]));
  for (const [name, type] of Object.entries(REQUIRED)) {
    const found = byName.get(name);
    if (!found) return `it has no column ${name} (${type})`;
    if (found.type !== type) return `its column ${name} is ${found.type}, not ${type}`;
  }
  if (!byName.get("key")!.unique_key) return "its key column has no unique index (the primary key)";
  const extra = columns.find((c) => !(c.name in REQUIRED) && c.required);
  if (extra) return `its column ${extra.name} is NOT NULL without a default, so no session could be inserted`;
  return undefined;
}
