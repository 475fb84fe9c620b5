import { SessError, SessErrorCode } from "@sess/core/provider";
import type { RowDataPacket } from "mysql2/promise";
import type { ResolvedConfig } from "./config.js";
import type { Executor } from "./executor.js";
import { SCHEMA_VERSION, TABLE_COMMENT_SQL, createTableSql, migrateFromV1Sql, migrateFromV2Sql, versionOf } from "./schema.js";

const ER_NO_DB_ERROR = 1046;
// A concurrent migration added the column or key first.
const ER_DUP_FIELDNAME = 1060;
const ER_DUP_KEYNAME = 1061;

/**
 * Creates the table when asked (CREATE TABLE IF NOT EXISTS: safe when many
 * processes start at once) and checks the schema version in its comment.
 */
export async function ensureSchema(db: Executor, config: ResolvedConfig): Promise<void> {
  const timeout = config.queryTimeoutMs + config.connectTimeoutMs;
  const invalid = (message: string) => new SessError(SessErrorCode.INVALID_CONFIG, message, { source: "mysql" });
  await db.run(
    "schema check",
    async (conn) => {
      const [selected] = await conn.query<RowDataPacket[]>("SELECT DATABASE() AS db");
      if (!selected[0]?.db) throw invalid("no database selected: name one in the DSN (…/dbname) or URL");
      if (config.createTable) {
        try {
          await conn.query(createTableSql(config.table));
        } catch (err) {
          if ((err as { errno?: unknown }).errno === ER_NO_DB_ERROR) throw invalid("no database selected");
          throw err;
        }
      }
      const commentOf = async () => (await conn.execute<RowDataPacket[]>(TABLE_COMMENT_SQL, [config.table]))[0][0]?.comment as string | undefined;
      let comment = await commentOf();
      if (comment === undefined) throw invalid(`table ${config.table} does not exist (createTable is false)`);
      const old = versionOf(comment);
      if (old === 1 || old === 2) {
        const upgrade = old === 1 ? migrateFromV1Sql(config.table) : migrateFromV2Sql(config.table);
        if (!config.createTable) throw invalid(`table ${config.table} has schema ${old}: run ${upgrade} (or open once with createTable)`);
        try {
          await conn.query(upgrade);
        } catch (err) {
          const errno = (err as { errno?: unknown }).errno;
          if (errno !== ER_DUP_FIELDNAME && errno !== ER_DUP_KEYNAME) throw err;
        }
        comment = (await commentOf()) ?? comment;
      }
      const version = versionOf(comment);
      if (version === undefined) throw invalid(`table ${config.table} exists but was not created by @sess/provider-mysql (no schema comment)`);
      if (version > SCHEMA_VERSION) throw invalid(`table ${config.table} has schema ${version}, newer than this package (${SCHEMA_VERSION}): upgrade @sess/provider-mysql`);
    },
    false,
    timeout,
  );
}
