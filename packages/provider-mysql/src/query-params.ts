import { configError } from "./errors.js";
import { parseGoDuration } from "./go-duration.js";
import type { MysqlProviderOptions } from "./options.js";

/** What the query part of a DSN or mysql:// URL can set: a few driver parameters, and sess's own options by the same names. */
export interface QuerySettings
  extends Pick<MysqlProviderOptions, "table" | "createTable" | "queryTimeoutMs" | "connectionLimit" | "queueLimit" | "gcBatchSize"> {
  /** `timeout`: how long to wait for a new connection, ms. */
  connectTimeoutMs?: number;
  /** The larger of `readTimeout` and `writeTimeout`, ms; the default for `queryTimeoutMs`. */
  ioTimeoutMs?: number;
  /** `tls`: false for plain TCP, or whether to verify the server certificate. */
  tls?: false | { rejectUnauthorized: boolean };
}

// go-sql-driver/mysql parameters that change nothing here: times are stored as
// epoch milliseconds (loc, parseTime), statements are always server-side
// prepared with FOUND_ROWS semantics (interpolateParams, clientFoundRows), the
// connection always speaks utf8mb4 so 4-byte characters round-trip (charset,
// collation), and mysql2 negotiates authentication itself.
const IGNORED = new Set([
  "allowAllFiles",
  "allowCleartextPasswords",
  "allowFallbackToPlaintext",
  "allowNativePasswords",
  "allowOldPasswords",
  "charset",
  "checkConnLiveness",
  "clientFoundRows",
  "collation",
  "columnsWithAlias",
  "connectionAttributes",
  "interpolateParams",
  "loc",
  "maxAllowedPacket",
  "multiStatements",
  "parseTime",
  "rejectReadOnly",
  "serverPubKey",
  "strict",
  "timeTruncate",
]);

/** Applies one `name=value` pair (already unescaped) to `settings`; `where` names the config form in errors. */
export function applyQueryParam(settings: QuerySettings, name: string, value: string, where: string): void {
  // A malformed URL can put the password where a parameter name goes ("mysql://?:secret@…"),
  // so only a name that looks like one is ever quoted back.
  const shown = /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? `"${name}"` : "(a malformed name)";
  const fail = (expected: string): never => {
    throw configError(`${where} parameter ${shown} must be ${expected}`);
  };
  switch (name) {
    case "timeout":
      settings.connectTimeoutMs = goDurationMs(value) ?? fail('a Go duration such as "5s" or "500ms"');
      return;
    case "readTimeout":
    case "writeTimeout": {
      const ms = goDurationMs(value) ?? fail('a Go duration such as "5s" or "500ms"');
      settings.ioTimeoutMs = Math.max(settings.ioTimeoutMs ?? 0, ms);
      return;
    }
    case "tls":
      settings.tls = tlsOf(value) ?? fail('"true", "false" or "skip-verify" (pass a mysql2 pool for other TLS setups)');
      return;
    case "table":
      settings.table = value;
      return;
    case "createTable":
      settings.createTable = goBool(value) ?? fail('"true" or "false"');
      return;
    case "queryTimeoutMs":
    case "connectionLimit":
    case "queueLimit":
    case "gcBatchSize":
      settings[name] = /^\d{1,9}$/.test(value) ? Number(value) : fail("a non-negative integer");
      return;
    default:
      if (IGNORED.has(name)) return;
      throw configError(
        `${where} parameter ${shown} is not supported (go-sql-driver would send it as a system variable; set it on the server, or pass your own mysql2 pool)`,
      );
  }
}

function goDurationMs(value: string): number | undefined {
  const ms = parseGoDuration(value);
  return ms === undefined ? undefined : Math.ceil(ms);
}

/** Go's strconv.ParseBool. */
function goBool(value: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  return undefined;
}

function tlsOf(value: string): QuerySettings["tls"] | undefined {
  if (value.toLowerCase() === "skip-verify") return { rejectUnauthorized: false };
  const on = goBool(value);
  if (on === undefined) return undefined;
  return on ? { rejectUnauthorized: true } : false;
}
