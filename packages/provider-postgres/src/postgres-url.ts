import { configError } from "./errors.js";

const URL_SCHEME = /^postgres(ql)?:\/\//i;

/** sess's own options that a URL may carry as query parameters; pg never sees them. */
export interface UrlSettings {
  /** `schema=`. */
  schema?: string;
  /** `table=`. */
  table?: string;
  /** `createTable=true|false`. */
  createTable?: boolean;
  /** `pgbouncer=true|false`. */
  pgbouncer?: boolean;
  /** `queryTimeoutMs=`. */
  queryTimeoutMs?: number;
  /** `max=`: connections in the provider's pool. */
  max?: number;
  /** `gcBatchSize=`. */
  gcBatchSize?: number;
}

/** A parsed URL: the connection string for pg (sess's parameters removed) and those parameters. */
export interface ParsedUrl {
  /** What pg's own parser reads: host, port, user, password, database, sslmode, application_name… */
  connectionString: string;
  /** sess's options from the query. */
  settings: UrlSettings;
}

const INTEGER_PARAMS = ["queryTimeoutMs", "max", "gcBatchSize"] as const;

/**
 * Reads `postgres://user:password@host:port/dbname?param=value` (or `postgresql://`). libpq's
 * parameters (sslmode, application_name, host=/socket/dir…) pass through to pg unchanged.
 */
export function parsePostgresUrl(text: string): ParsedUrl {
  if (!URL_SCHEME.test(text)) throw configError("expected a postgres:// or postgresql:// URL");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Never quote the input: it holds the password.
    throw configError("URL: not a valid postgres://user:password@host:port/dbname URL");
  }
  const settings: UrlSettings = {};
  const take = (name: string): string | undefined => {
    const values = url.searchParams.getAll(name);
    if (values.length > 1) throw configError(`URL parameter "${name}" is given more than once`);
    url.searchParams.delete(name);
    return values[0];
  };
  const schema = take("schema");
  if (schema !== undefined) settings.schema = schema;
  const table = take("table");
  if (table !== undefined) settings.table = table;
  const createTable = take("createTable");
  if (createTable !== undefined) {
    if (createTable !== "true" && createTable !== "false") throw configError('URL parameter "createTable" must be "true" or "false"');
    settings.createTable = createTable === "true";
  }
  const pgbouncer = take("pgbouncer");
  if (pgbouncer !== undefined) {
    if (pgbouncer !== "true" && pgbouncer !== "false") throw configError('URL parameter "pgbouncer" must be "true" or "false"');
    settings.pgbouncer = pgbouncer === "true";
  }
  for (const name of INTEGER_PARAMS) {
    const value = take(name);
    if (value === undefined) continue;
    if (!/^\d{1,9}$/.test(value)) throw configError(`URL parameter "${name}" must be a non-negative integer`);
    settings[name] = Number(value);
  }
  return { connectionString: url.toString(), settings };
}
