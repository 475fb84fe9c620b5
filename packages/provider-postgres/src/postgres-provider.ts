import { SessError, SessErrorCode, assertStorageKey, type ChangeSet, type Provider, type ProviderOptions, type StoredSession, type SubjectSession } from "@sess/core/provider";
import pg from "pg";
import { resolveConfig, type PostgresProviderOptions, type ResolvedConfig } from "./config.js";
import { ensureSchema } from "./ensure-schema.js";
import { NAME } from "./errors.js";
import { Executor } from "./executor.js";
import { deletedOf, patchOf, sessionOf, type SessionRow } from "./read-row.js";
import { escapeText } from "./text-escape.js";
import { statementsFor, type Statements } from "./statements.js";
import { loginRefused } from "./auth-error.js";

/** A PostgreSQL session store: one statement per call, per-key atomic writes, expiry enforced in every WHERE. */
export class PostgresProvider implements Provider {
  readonly name = NAME;
  /** OpenTelemetry's `db.system.name` for this backend, for `@sess/opentelemetry`. */
  readonly dbSystem = "postgresql";
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #db: Executor;
  readonly #sql: Statements;
  readonly #now: () => number;
  readonly #gcBatchSize: number;
  readonly #timeoutMs: number;
  #closed = false;

  /** Opens the pool (or takes the one given) without touching the table; {@link postgresProvider} also prepares the table. */
  constructor(config: ResolvedConfig) {
    this.#ownsPool = "options" in config.pool;
    if ("options" in config.pool) {
      this.#pool = new pg.Pool(config.pool.options);
      // An idle client whose server went away makes the pool emit 'error'; unheard, that would end the process.
      this.#pool.on("error", () => {});
    } else {
      this.#pool = config.pool.given;
    }
    this.#db = new Executor(this.#pool, config.queryTimeoutMs, !config.pgbouncer);
    this.#sql = statementsFor(config.schema, config.table);
    this.#now = config.now;
    this.#gcBatchSize = config.gcBatchSize;
    this.#timeoutMs = config.queryTimeoutMs;
  }

  /** Builds a provider and prepares its table; ends the provider's own pool if that fails. */
  static async open(config: ResolvedConfig): Promise<PostgresProvider> {
    const provider = new PostgresProvider(config);
    try {
      await ensureSchema(provider.#db, config);
    } catch (err) {
      await provider.close();
      throw loginRefused(err) ?? err;
    }
    return provider;
  }

  async read(key: string): Promise<StoredSession | null> {
    this.#check(key);
    const { rows } = await this.#db.query<SessionRow & pg.QueryResultRow>("read", this.#sql.read, [key, this.#clock()], "read");
    return rows[0] ? sessionOf(rows[0]) : null;
  }

  async exists(key: string): Promise<boolean> {
    this.#check(key);
    const { rowCount } = await this.#db.query("exists", this.#sql.exists, [key, this.#clock()], "read");
    return (rowCount ?? 0) > 0;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    this.#check(key);
    const common = [key, change.clear, deletedOf(change.deleted), patchOf(change.set)];
    const now = this.#clock();
    // The columns are bigint: a fractional time (maxLifetime 100/3) would fail the cast, so round as the other providers do.
    const expires = Math.ceil(expiresAt);
    // undefined keeps the stored subject, null clears it, a string binds the session.
    const subject = [change.subject !== undefined, typeof change.subject === "string" ? escapeText(change.subject) : null];
    if (change.isNew) {
      await this.#db.query("write", this.#sql.upsert, [...common, Math.floor(change.createdAt), expires, now, ...subject], "write");
      return true;
    }
    const { rowCount } = await this.#db.query("write", this.#sql.update, [...common, expires, now, ...subject], "write");
    return (rowCount ?? 0) > 0;
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    this.#check(key);
    const { rowCount } = await this.#db.query("touch", this.#sql.touch, [key, Math.ceil(expiresAt), this.#clock()], "write");
    return (rowCount ?? 0) > 0;
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    this.#check(oldKey);
    assertStorageKey(newKey, NAME);
    const { rowCount } = await this.#db.query("regenerate", this.#sql.regenerate, [oldKey, newKey, this.#clock()], "write");
    return (rowCount ?? 0) > 0;
  }

  async destroy(key: string): Promise<void> {
    this.#check(key);
    await this.#db.query("destroy", this.#sql.destroy, [key], "write");
  }

  /** The live sessions bound to `subject`, found through the subject index. */
  async listSubject(subject: string): Promise<SubjectSession[]> {
    this.#open();
    const params = [escapeText(String(subject)), this.#clock()];
    const { rows } = await this.#db.query<SessionRow & { key: unknown } & pg.QueryResultRow>("listSubject", this.#sql.listSubject, params, "read");
    const out: SubjectSession[] = [];
    for (const row of rows) {
      const record = sessionOf(row);
      if (record && typeof row.key === "string") out.push({ key: row.key, record });
    }
    return out;
  }

  /** Destroys every live session bound to `subject` except `exceptKey`, in one DELETE; resolves how many. */
  async destroySubject(subject: string, exceptKey?: string): Promise<number> {
    this.#open();
    if (exceptKey !== undefined) assertStorageKey(exceptKey, NAME);
    const params = [escapeText(String(subject)), exceptKey ?? "", this.#clock()];
    const { rowCount } = await this.#db.query("destroySubject", this.#sql.destroySubject, params, "write");
    return rowCount ?? 0;
  }

  async count(): Promise<number> {
    this.#open();
    const { rows } = await this.#db.query<{ n: string }>("count", this.#sql.count, [this.#clock()], "read");
    return Number(rows[0]?.n ?? 0);
  }

  async gc(): Promise<number> {
    this.#open();
    const now = this.#clock();
    let removed = 0;
    // Small autocommitted batches: each holds its row locks only briefly, and the loop ends at the first short batch.
    for (;;) {
      this.#open();
      const { rowCount } = await this.#db.query("gc", this.#sql.gc, [now, this.#gcBatchSize], "write");
      removed += rowCount ?? 0;
      if ((rowCount ?? 0) < this.#gcBatchSize) return removed;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#ownsPool) return;
    // A dead server must not make close() hang: give the pool the usual deadline, then let it go.
    const ended = this.#pool.end().catch(() => undefined);
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, this.#timeoutMs).unref())]);
  }

  /** The clock as whole milliseconds: the columns are bigint, and a fractional clock (performance.timeOrigin + now()) would fail the cast. */
  #clock(): number {
    return Math.floor(this.#now());
  }

  #check(key: string): void {
    this.#open();
    assertStorageKey(key, NAME);
  }

  #open(): void {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the provider is closed", { source: NAME });
  }
}

/** Opens a PostgreSQL provider from a postgres:// URL or a {@link PostgresProviderOptions} object, creating the table if asked. */
export async function postgresProvider(options: ProviderOptions | PostgresProviderOptions | string): Promise<PostgresProvider> {
  const fromManager = typeof options === "object" && options !== null && "maxLifetime" in options ? options : undefined;
  // The clock rule: the Manager's clock decides whether a row is live, unless the config names one.
  return PostgresProvider.open(resolveConfig(fromManager ? fromManager.config : options, fromManager?.now));
}
