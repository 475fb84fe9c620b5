import { portOf, unescape, type ConnectionTarget, type ParsedConfig } from "./connection-target.js";
import { configError } from "./errors.js";
import { applyQueryParam, type QuerySettings } from "./query-params.js";

const DEFAULT_PORT = 3306;

/**
 * Parses the seed's Go DSN, `[user[:password]@][net[(address)]]/dbname[?param=value&...]`,
 * with go-sql-driver/mysql's rules: the last "/" ends the address, the last "@"
 * before it ends the credentials, the first ":" splits user from password (the
 * password is taken as written, as Go does), the database name and parameter
 * values are percent-decoded. `net` is tcp (the default), tcp4, tcp6 or unix.
 */
export function parseGoDsn(dsn: string): ParsedConfig {
  const slash = dsn.lastIndexOf("/");
  if (slash < 0) throw configError('DSN: missing the "/" before the database name (expected user:password@tcp(host:port)/dbname)');
  const head = dsn.slice(0, slash);
  const tail = dsn.slice(slash + 1);

  const at = head.lastIndexOf("@");
  const target: ConnectionTarget = {};
  if (at >= 0) {
    const credentials = head.slice(0, at);
    const colon = credentials.indexOf(":");
    target.user = colon < 0 ? credentials : credentials.slice(0, colon);
    if (colon >= 0) target.password = credentials.slice(colon + 1);
  }
  placeAddress(target, head.slice(at + 1));

  const question = tail.indexOf("?");
  const database = unescape(question < 0 ? tail : tail.slice(0, question), "DSN: the database name");
  if (database !== "") target.database = database;
  const settings: QuerySettings = {};
  if (question >= 0) readParams(settings, tail.slice(question + 1));
  return { target, settings };
}

/** Reads `net(address)` into host/port or socketPath. */
function placeAddress(target: ConnectionTarget, spec: string): void {
  const open = spec.indexOf("(");
  if (open >= 0 && !spec.endsWith(")")) {
    throw configError(
      spec.includes(")", open)
        ? 'DSN: a "/" after the address; percent-escape "/" in parameter values (%2F)'
        : 'DSN: the address is not closed by ")" before the "/dbname"',
    );
  }
  const net = (open < 0 ? spec : spec.slice(0, open)) || "tcp";
  const address = open < 0 ? "" : spec.slice(open + 1, -1);
  if (net === "unix") {
    target.socketPath = address || "/tmp/mysql.sock";
    return;
  }
  if (net !== "tcp" && net !== "tcp4" && net !== "tcp6") {
    throw configError('DSN: the protocol before "(" must be tcp, tcp4, tcp6 or unix');
  }
  const { host, port } = splitHostPort(address);
  target.host = host || "127.0.0.1";
  target.port = port;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; the port defaults to 3306 like Go's. */
function splitHostPort(address: string): { host: string; port: number } {
  if (address.startsWith("[")) {
    const close = address.indexOf("]");
    const rest = close < 0 ? "?" : address.slice(close + 1);
    if (close < 0 || (rest !== "" && !rest.startsWith(":"))) throw configError("DSN: the bracketed IPv6 address is malformed");
    return { host: address.slice(1, close), port: rest === "" ? DEFAULT_PORT : portOf(rest.slice(1), "DSN address") };
  }
  const colon = address.lastIndexOf(":");
  // A bare IPv6 address has several colons and no port, as Go's ensureHavePort reads it.
  if (colon < 0 || address.indexOf(":") !== colon) return { host: address, port: DEFAULT_PORT };
  return { host: address.slice(0, colon), port: portOf(address.slice(colon + 1), "DSN address") };
}

function readParams(settings: QuerySettings, query: string): void {
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    // Go skips a parameter without "=", and so do we.
    if (eq < 0) continue;
    const name = pair.slice(0, eq);
    applyQueryParam(settings, name, unescape(pair.slice(eq + 1), `DSN parameter "${name}"`, true), "DSN");
  }
}
