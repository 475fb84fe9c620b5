import type { Pool, PoolOptions } from "mysql2/promise";

/** Options of the MySQL provider; also accepted as the provider config object. */
export interface MysqlProviderOptions {
  /** An existing mysql2 pool (promise or callback API) to use; the provider never closes it. */
  pool?: Pool | { promise(): Pool };
  /** A Go DSN (`user:password@tcp(host:port)/dbname?param=value`) or a `mysql://` URL. */
  dsn?: string;
  /** Extra mysql2 pool options (ssl, socketPath…), applied over what `dsn` says. */
  connection?: PoolOptions;
  /** Table name (`^[A-Za-z_][A-Za-z0-9_]{0,63}$`), default "sess_sessions". */
  table?: string;
  /** Create the table when absent (default true). */
  createTable?: boolean;
  /** Bound on every call, connection wait included, ms (default 5000). */
  queryTimeoutMs?: number;
  /** Connections in the provider's own pool (default 10). */
  connectionLimit?: number;
  /** Calls that may wait for a pooled connection before the next is refused (default 1000; 0 = unbounded). */
  queueLimit?: number;
  /** Rows one GC statement deletes (default 1000). */
  gcBatchSize?: number;
  /** The clock, epoch ms; tests inject one. */
  now?: () => number;
}
