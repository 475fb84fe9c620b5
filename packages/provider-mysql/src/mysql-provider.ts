import { SessError, SessErrorCode, assertStorageKey, type ChangeSet, type Provider, type ProviderOptions, type StoredSession, type SubjectSession } from "@sess/core/provider";
import { createPool, type Pool, type PoolConnection, type ResultSetHeader } from "mysql2/promise";
import { resolveConfig, type ResolvedConfig } from "./config.js";
import { Executor } from "./executor.js";
import { patchOf, sessionOf, type SessionRow } from "./read-row.js";
import { ensureSchema } from "./ensure-schema.js";
import type { MysqlProviderOptions } from "./options.js";
import { matchedRows, statementsFor, type Statements } from "./statements.js";
import { credentialsRefused } from "./auth-error.js";

const NAME = "mysql";

// ER_BINLOG_LOGGING_IMPOSSIBLE (1598) and ER_BINLOG_STMT_MODE_AND_ROW_ENGINE (1665).
const BINLOG_REFUSES_READ_COMMITTED = new Set([1598, 1665]);

/** A MySQL / MariaDB session store: one statement per call, per-key atomic writes, expiry enforced in every WHERE. */
export class MysqlProvider implements Provider {
  readonly name = NAME;
  /** OpenTelemetry's `db.system.name` for this backend, for `@sess/opentelemetry`. */
  readonly dbSystem = "mysql";
  readonly #pool: Pool;
  readonly #ownsPool: boolean;
  readonly #db: Executor;
  readonly #sql: Statements;
  readonly #now: () => number;
  readonly #gcBatchSize: number;
  readonly #timeoutMs: number;
  /** Whether GC may ask for READ COMMITTED; false once the server refused it (statement-based binlog). */
  #gcReadCommitted = true;
  #closed = false;

  /** Opens the pool (or takes the one given) without touching the table; {@link mysqlProvider} also prepares the table. */
  constructor(config: ResolvedConfig) {
    this.#ownsPool = "options" in config.pool;
    this.#pool = "options" in config.pool ? createPool(config.pool.options) : config.pool.given;
    this.#db = new Executor(this.#pool, config.queryTimeoutMs);
    this.#sql = statementsFor(config.table);
    this.#now = config.now;
    this.#gcBatchSize = config.gcBatchSize;
    this.#timeoutMs = config.queryTimeoutMs;
  }

  /** Builds a provider and prepares its table; closes the provider's own pool if that fails. */
  static async open(config: ResolvedConfig): Promise<MysqlProvider> {
    const provider = new MysqlProvider(config);
    try {
      await ensureSchema(provider.#db, config);
    } catch (err) {
      await provider.close();
      throw credentialsRefused(err) ?? err;
    }
    return provider;
  }

  async read(key: string): Promise<StoredSession | null> {
    this.#check(key);
    const rows = await this.#db.execute<SessionRow[]>("read", this.#sql.read, [key, this.#now()], true);
    return rows[0] ? sessionOf(rows[0]) : null;
  }

  async exists(key: string): Promise<boolean> {
    this.#check(key);
    const rows = await this.#db.execute<unknown[]>("exists", this.#sql.exists, [key, this.#now()], true);
    return rows.length > 0;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    this.#check(key);
    const patch = patchOf(change.set, change.deleted);
    const clear = change.clear ? 1 : 0;
    const now = this.#now();
    // undefined keeps the stored subject, null clears it, a string binds the session.
    const bind = change.subject === undefined ? 0 : 1;
    const subject = change.subject ?? null;
    if (change.isNew) {
      const params = [key, patch, change.createdAt, expiresAt, subject, now, clear, patch, patch, now, change.createdAt, now, bind, subject, subject, expiresAt];
      await this.#db.execute<ResultSetHeader>("write", this.#sql.upsert, params);
      return true;
    }
    const header = await this.#db.execute<ResultSetHeader>("write", this.#sql.update, [clear, patch, bind, subject, expiresAt, key, now]);
    return matchedRows(header) > 0;
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    this.#check(key);
    const header = await this.#db.execute<ResultSetHeader>("touch", this.#sql.touch, [expiresAt, key, this.#now()]);
    return matchedRows(header) > 0;
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    this.#check(oldKey);
    assertStorageKey(newKey, NAME);
    const params = [newKey, oldKey, this.#now()];
    return this.#db.run("regenerate", async (conn) => {
      try {
        const [header] = await conn.execute<ResultSetHeader>(this.#sql.regenerate, params);
        return matchedRows(header) > 0;
      } catch (err) {
        if ((err as { errno?: unknown }).errno !== 1062) throw err;
      }
      // newKey is taken (an expired row not yet collected): replace it, in one transaction that
      // keeps the row at newKey when oldKey turns out to be gone. On an error the executor
      // destroys the connection, and the server rolls the transaction back.
      await conn.beginTransaction();
      await conn.execute(this.#sql.destroy, [newKey]);
      const [header] = await conn.execute<ResultSetHeader>(this.#sql.regenerate, params);
      const moved = matchedRows(header) > 0;
      await (moved ? conn.commit() : conn.rollback());
      return moved;
    });
  }

  async destroy(key: string): Promise<void> {
    this.#check(key);
    await this.#db.execute<ResultSetHeader>("destroy", this.#sql.destroy, [key]);
  }

  /** The live sessions bound to `subject`, found through the subject index. */
  async listSubject(subject: string): Promise<SubjectSession[]> {
    this.#open();
    const rows = await this.#db.execute<(SessionRow & { id: unknown })[]>("listSubject", this.#sql.listSubject, [String(subject), this.#now()], true);
    const out: SubjectSession[] = [];
    for (const row of rows) {
      const record = sessionOf(row);
      if (record && typeof row.id === "string") out.push({ key: row.id, record });
    }
    return out;
  }

  /** Destroys every live session bound to `subject` except `exceptKey`, in one DELETE; resolves how many. */
  async destroySubject(subject: string, exceptKey?: string): Promise<number> {
    this.#open();
    if (exceptKey !== undefined) assertStorageKey(exceptKey, NAME);
    const header = await this.#db.execute<ResultSetHeader>("destroySubject", this.#sql.destroySubject, [String(subject), exceptKey ?? "", this.#now()]);
    return header.affectedRows;
  }

  async count(): Promise<number> {
    this.#open();
    const rows = await this.#db.execute<{ n: unknown }[]>("count", this.#sql.count, [this.#now()], true);
    return Number(rows[0]?.n ?? 0);
  }

  async gc(): Promise<number> {
    this.#open();
    const now = this.#now();
    let removed = 0;
    // Small autocommitted batches: each holds its row locks only briefly, and the loop ends at the first short batch.
    for (;;) {
      this.#open();
      const header = await this.#db.run("gc", (conn) => this.#gcBatch(conn, now));
      removed += header.affectedRows;
      if (header.affectedRows < this.#gcBatchSize) return removed;
    }
  }

  /**
   * One GC batch at READ COMMITTED. Under REPEATABLE READ the ranged DELETE takes next-key
   * locks on every index record it reads and the gaps between them, up to the whole table
   * when the batch comes back short, so live sessions' writes wait for GC; at READ COMMITTED
   * it keeps locks only on the expired rows it deletes. `SET TRANSACTION` (without SESSION)
   * covers the next statement only, so the pooled connection keeps its own level.
   */
  async #gcBatch(conn: PoolConnection, now: number): Promise<ResultSetHeader> {
    if (this.#gcReadCommitted) {
      await conn.query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
      try {
        return (await conn.execute<ResultSetHeader>(this.#sql.gc, [now, this.#gcBatchSize]))[0];
      } catch (err) {
        // Statement-based binary logging refuses DML at READ COMMITTED: use the server's level.
        if (!BINLOG_REFUSES_READ_COMMITTED.has((err as { errno?: unknown }).errno as number)) throw err;
        this.#gcReadCommitted = false;
      }
    }
    return (await conn.execute<ResultSetHeader>(this.#sql.gc, [now, this.#gcBatchSize]))[0];
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#ownsPool) return;
    // A dead server must not make close() hang: give the pool the usual deadline, then let it go.
    const ended = this.#pool.end().catch(() => undefined);
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, this.#timeoutMs).unref())]);
  }

  #check(key: string): void {
    this.#open();
    assertStorageKey(key, NAME);
  }

  #open(): void {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the provider is closed", { source: NAME });
  }
}

/**
 * Opens a MySQL provider from a Go DSN, a mysql:// URL or a {@link MysqlProviderOptions} object,
 * creating the table if asked. A `now` in the factory options (the Manager's clock, when core
 * hands it over) is used unless the config names its own.
 */
export async function mysqlProvider(options: ProviderOptions | MysqlProviderOptions | string): Promise<MysqlProvider> {
  const fromManager = typeof options === "object" && options !== null && "maxLifetime" in options;
  const config = fromManager ? options.config : options;
  const resolved = resolveConfig(config);
  const managerNow = fromManager ? (options as { now?: unknown }).now : undefined;
  const ownNow = typeof config === "object" && config !== null && (config as { now?: unknown }).now !== undefined;
  if (typeof managerNow === "function" && !ownNow) resolved.now = managerNow as () => number;
  return MysqlProvider.open(resolved);
}
