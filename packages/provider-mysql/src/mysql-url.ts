import { portOf, unescape, type ConnectionTarget, type ParsedConfig } from "./connection-target.js";
import { configError } from "./errors.js";
import { applyQueryParam, type QuerySettings } from "./query-params.js";

const URL_SCHEME = /^(mysql|mariadb):\/\//i;

/** True when `config` is a `mysql://` (or `mariadb://`) URL rather than a Go DSN. */
export function isMysqlUrl(config: string): boolean {
  return URL_SCHEME.test(config);
}

/** Parses `mysql://user:password@host:port/dbname?param=value`; user, password and dbname are percent-decoded. */
export function parseMysqlUrl(text: string): ParsedConfig {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Never quote the input: it holds the password.
    throw configError("URL: not a valid mysql://user:password@host:port/dbname URL");
  }
  const target: ConnectionTarget = { host: url.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1", port: 3306 };
  if (url.port !== "") target.port = portOf(url.port, "URL");
  if (url.username !== "") target.user = unescape(url.username, "URL: the user name");
  if (url.password !== "") target.password = unescape(url.password, "URL: the password");
  const path = url.pathname.replace(/^\//, "");
  if (path.includes("/")) throw configError('URL: the path must be just "/dbname"');
  if (path !== "") target.database = unescape(path, "URL: the database name");
  const settings: QuerySettings = {};
  for (const [name, value] of url.searchParams) applyQueryParam(settings, name, value, "URL");
  return { target, settings };
}
