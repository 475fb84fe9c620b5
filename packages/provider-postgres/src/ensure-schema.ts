import type { ResolvedConfig } from "./config.js";
import { configError } from "./errors.js";
import type { Executor } from "./executor.js";
import { qualifiedName } from "./identifiers.js";
import { TABLE_SHAPE_SQL, shapeProblem, type ColumnRow } from "./table-shape.js";
import { SCHEMA_EXISTS_SQL, SCHEMA_VERSION, TABLE_COMMENT_SQL, ensureTableScript, migrateToV2Sql, versionOf } from "./schema.js";

/**
 * Creates the table when asked (in one transaction under an advisory lock: safe when many
 * processes start at once), checks the schema version in its comment and the columns behind it.
 */
export async function ensureSchema(db: Executor, config: ResolvedConfig): Promise<void> {
  const { schema, table } = config;
  const name = `${schema}.${table}`;
  await db.run(
    "schema check",
    async (client) => {
      const found = await client.query<{ present: boolean }>(SCHEMA_EXISTS_SQL, [schema]);
      if (!found.rows[0]?.present) throw configError(`schema ${schema} does not exist: create it, or choose another with the schema option`);
      if (config.createTable) await client.query(ensureTableScript(schema, table, 3 * config.queryTimeoutMs));
      const { rows } = await client.query<{ present: boolean; comment: string | null }>(TABLE_COMMENT_SQL, [qualifiedName(schema, table)]);
      if (!rows[0]?.present) throw configError(`table ${name} does not exist (createTable is false)`);
      const version = versionOf(rows[0].comment);
      if (version === undefined) throw configError(`table ${name} exists but was not created by @sess/provider-postgres (no schema comment)`);
      if (version === 1) throw configError(`table ${name} has schema 1: run ${migrateToV2Sql(schema, table)} (or open once with createTable)`);
      if (version > SCHEMA_VERSION) {
        throw configError(`table ${name} has schema ${version}, newer than this package (${SCHEMA_VERSION}): upgrade @sess/provider-postgres`);
      }
      const shape = await client.query<ColumnRow>(TABLE_SHAPE_SQL, [qualifiedName(schema, table)]);
      const problem = shapeProblem(shape.rows);
      if (problem) throw configError(`table ${name} carries the sess schema-${version} comment but ${problem}: see createTableSql() for the expected shape`);
    },
    "write",
    3 * config.queryTimeoutMs,
  );
}
