import type { Pool, PoolConfig } from "pg";
import { configError } from "./errors.js";
import { checkSchema, checkTable } from "./identifiers.js";
import { parsePostgresUrl, type UrlSettings } from "./postgres-url.js";

/** Options of the PostgreSQL provider; also accepted as the provider config object. */
export interface PostgresProviderOptions {
  /** An existing pg Pool to use; the provider never ends it. */
  pool?: Pool;
  /** A `postgres://` or `postgresql://` URL; sess's options may ride along as query parameters. */
  url?: string;
  /** Extra pg Pool options (ssl, host, user…), applied over what `url` says. */
  connection?: PoolConfig;
  /** Schema of the table (`^[A-Za-z_][A-Za-z0-9_]{0,62}$`), default "public"; it must exist. */
  schema?: string;
  /** Table name (`^[A-Za-z_][A-Za-z0-9_]{0,47}$`), default "sess_sessions". */
  table?: string;
  /** Create the table when absent (default true). */
  createTable?: boolean;
  /** Bound on every call, the wait for a connection included, ms (default 5000). */
  queryTimeoutMs?: number;
  /** Connections in the provider's own pool (default 10). */
  max?: number;
  /** Rows one GC statement deletes (default 1000). */
  gcBatchSize?: number;
  /**
   * PgBouncer (or another pooler) in transaction mode sits between the provider and the server:
   * unnamed statements instead of prepared ones, and no session settings at connection start
   * (default false).
   */
  pgbouncer?: boolean;
  /** The clock, epoch ms (default: the Manager's clock, else `Date.now`); tests inject one. */
  now?: () => number;
}

/** Everything the provider needs, validated. */
export interface ResolvedConfig {
  /** Either a pool handed in, or the options to open one with. */
  pool: { given: Pool } | { options: PoolConfig };
  /** Validated schema name. */
  schema: string;
  /** Validated table name. */
  table: string;
  /** Create the table when absent. */
  createTable: boolean;
  /** Deadline of every call, ms. */
  queryTimeoutMs: number;
  /** Rows per GC statement. */
  gcBatchSize: number;
  /** Unnamed statements and no startup settings, for a transaction-mode pooler. */
  pgbouncer: boolean;
  /** The clock, epoch ms. */
  now: () => number;
}

const OPTION_KEYS = new Set(["pool", "url", "connection", "schema", "table", "createTable", "queryTimeoutMs", "max", "gcBatchSize", "pgbouncer", "now"]);

/**
 * Reads a provider config (a postgres:// URL or a {@link PostgresProviderOptions} object) into a
 * {@link ResolvedConfig}; `clock` is the Manager's, used unless the config names its own.
 */
export function resolveConfig(config: unknown, clock?: () => number): ResolvedConfig {
  if (typeof config === "string") return resolveOptions({ url: config }, clock);
  if (config !== null && typeof config === "object" && !Array.isArray(config)) return resolveOptions(config, clock);
  throw configError("expected a postgres:// URL, an options object with url, connection or pool, or { pool }");
}

function resolveOptions(options: PostgresProviderOptions, clock: (() => number) | undefined): ResolvedConfig {
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw configError(`unknown option "${key}"`);
  if (options.url !== undefined && (typeof options.url !== "string" || options.url.trim() === "")) throw configError("url must be a non-empty string");
  const parsed = options.url === undefined ? undefined : parsePostgresUrl(options.url);
  const merged: UrlSettings & PostgresProviderOptions = { ...parsed?.settings, ...definedOf(options) };
  const queryTimeoutMs = positive("queryTimeoutMs", merged.queryTimeoutMs ?? 5000);
  const now = options.now ?? clock ?? Date.now;
  if (typeof now !== "function") throw configError("now must be a function");
  const resolved = {
    schema: checkSchema(merged.schema ?? "public"),
    table: checkTable(merged.table ?? "sess_sessions"),
    createTable: merged.createTable ?? true,
    queryTimeoutMs,
    gcBatchSize: positive("gcBatchSize", merged.gcBatchSize ?? 1000),
    pgbouncer: merged.pgbouncer ?? false,
    now,
  };
  if (typeof resolved.createTable !== "boolean") throw configError("createTable must be a boolean");
  if (typeof resolved.pgbouncer !== "boolean") throw configError("pgbouncer must be a boolean");
  if (options.pool !== undefined) {
    if (parsed || options.connection || options.max !== undefined) throw configError("pool cannot be combined with url, connection or max");
    if (typeof (options.pool as Partial<Pool> | null)?.connect !== "function") throw configError("pool must be a pg Pool");
    return { ...resolved, pool: { given: options.pool } };
  }
  if (!parsed && !options.connection) throw configError("give a url, a connection or a pool");
  const poolOptions: PoolConfig = {
    ...(parsed ? { connectionString: parsed.connectionString } : {}),
    max: positive("max", merged.max ?? 10),
    // Bounded waits everywhere: a new connection, a pooled one, and the statement on the server.
    connectionTimeoutMillis: queryTimeoutMs,
    keepAlive: true,
    ...(resolved.pgbouncer ? {} : { statement_timeout: queryTimeoutMs }),
    ...options.connection,
  };
  if (!resolved.pgbouncer) poolOptions.options = pinnedIsolation(options.connection?.options);
  return { ...resolved, pool: { options: poolOptions } };
}

/**
 * READ COMMITTED as a startup option, after the application's own: startup options outrank role
 * and database defaults, and under REPEATABLE READ or SERIALIZABLE racing writers to one session
 * are rejected instead of merged. A transaction-mode pooler refuses startup parameters, so
 * `pgbouncer` sends none (the executor then retries rejected writers).
 */
function pinnedIsolation(given: string | undefined): string {
  const pinned = "-c default_transaction_isolation=read\\ committed";
  return given ? `${given} ${pinned}` : pinned;
}

/** The options that were actually given, so `undefined` never hides a URL parameter. */
function definedOf(options: PostgresProviderOptions): Partial<PostgresProviderOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function positive(name: string, value: unknown): number {
  if (!(typeof value === "number" && Number.isInteger(value) && value > 0)) throw configError(`${name} must be a positive integer`);
  return value;
}
