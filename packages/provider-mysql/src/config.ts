import type { Pool, PoolOptions } from "mysql2/promise";
import type { ParsedConfig } from "./connection-target.js";
import { configError } from "./errors.js";
import { parseGoDsn } from "./go-dsn.js";
import { isMysqlUrl, parseMysqlUrl } from "./mysql-url.js";
import type { MysqlProviderOptions } from "./options.js";

/** Everything the provider needs, validated. */
export interface ResolvedConfig {
  /** Either a pool handed in, or the options to open one with. */
  pool: { given: Pool } | { options: PoolOptions };
  /** Validated table name. */
  table: string;
  /** Create the table when absent. */
  createTable: boolean;
  /** Deadline of every call, ms. */
  queryTimeoutMs: number;
  /** Deadline of a new connection, ms. */
  connectTimeoutMs: number;
  /** Rows per GC statement. */
  gcBatchSize: number;
  /** The clock, epoch ms. */
  now: () => number;
}

const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const OPTION_KEYS = new Set(["pool", "dsn", "connection", "table", "createTable", "queryTimeoutMs", "connectionLimit", "queueLimit", "gcBatchSize", "now"]);

/** Reads a provider config (a DSN, a mysql:// URL or a {@link MysqlProviderOptions} object) into a {@link ResolvedConfig}. */
export function resolveConfig(config: unknown): ResolvedConfig {
  if (typeof config === "string") return resolveOptions({ dsn: config });
  if (config !== null && typeof config === "object" && !Array.isArray(config)) return resolveOptions(config);
  throw configError("expected a DSN (user:password@tcp(host:port)/dbname), a mysql:// URL or an options object");
}

function resolveOptions(options: MysqlProviderOptions): ResolvedConfig {
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw configError(`unknown option "${key}"`);
  const parsed = options.dsn === undefined ? undefined : parseString(options.dsn);
  const merged = { ...parsed?.settings, ...definedOf(options) };
  const table = merged.table ?? "sess_sessions";
  if (typeof table !== "string" || !TABLE.test(table)) throw configError("table must match ^[A-Za-z_][A-Za-z0-9_]{0,63}$");
  const queryTimeoutMs = positive("queryTimeoutMs", merged.queryTimeoutMs ?? (parsed?.settings.ioTimeoutMs || 5000));
  const connectTimeoutMs = positive("timeout", parsed?.settings.connectTimeoutMs || queryTimeoutMs);
  const resolved = {
    table,
    createTable: merged.createTable ?? true,
    queryTimeoutMs,
    connectTimeoutMs,
    gcBatchSize: positive("gcBatchSize", merged.gcBatchSize ?? 1000),
    now: options.now ?? Date.now,
  };
  if (typeof resolved.now !== "function") throw configError("now must be a function");
  if (options.pool !== undefined) {
    if (parsed || options.connection || options.connectionLimit !== undefined || options.queueLimit !== undefined) {
      throw configError("pool cannot be combined with dsn, connection, connectionLimit or queueLimit");
    }
    return { ...resolved, pool: { given: promisePool(options.pool) } };
  }
  if (!parsed && !options.connection) throw configError("give a dsn, a connection or a pool");
  const tls = parsed?.settings.tls;
  const poolOptions: PoolOptions = {
    ...parsed?.target,
    ...(tls ? { ssl: tls } : {}),
    connectTimeout: connectTimeoutMs,
    connectionLimit: positive("connectionLimit", merged.connectionLimit ?? 10),
    queueLimit: nonNegative("queueLimit", merged.queueLimit ?? 1000),
    ...options.connection,
  };
  return { ...resolved, pool: { options: poolOptions } };
}

function parseString(dsn: unknown): ParsedConfig {
  if (typeof dsn !== "string" || dsn.trim() === "") throw configError("dsn must be a non-empty string");
  return isMysqlUrl(dsn) ? parseMysqlUrl(dsn) : parseGoDsn(dsn);
}

/** The options that were actually given, so `undefined` never hides a DSN parameter. */
function definedOf(options: MysqlProviderOptions): Partial<MysqlProviderOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function promisePool(pool: unknown): Pool {
  const candidate = pool as Partial<Pool> & { promise?: () => Pool };
  if (typeof candidate?.getConnection !== "function") throw configError("pool must be a mysql2 pool");
  // A callback-API pool has promise(); its getConnection takes a callback.
  if (typeof candidate.promise === "function") return candidate.promise();
  return candidate as Pool;
}

function positive(name: string, value: unknown): number {
  if (!(typeof value === "number" && Number.isInteger(value) && value > 0)) throw configError(`${name} must be a positive integer`);
  return value;
}

function nonNegative(name: string, value: unknown): number {
  if (!(typeof value === "number" && Number.isInteger(value) && value >= 0)) throw configError(`${name} must be a non-negative integer`);
  return value;
}
