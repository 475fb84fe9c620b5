import { register } from "@sess/core/provider";
import { mysqlProvider } from "./mysql-provider.js";

export { MysqlProvider, mysqlProvider } from "./mysql-provider.js";
export type { MysqlProviderOptions } from "./options.js";
export { parseGoDsn } from "./go-dsn.js";
export { parseMysqlUrl } from "./mysql-url.js";
export type { ConnectionTarget, ParsedConfig } from "./connection-target.js";
export type { QuerySettings } from "./query-params.js";
export { SCHEMA_VERSION, createTableSql } from "./schema.js";

// Registering on import is the point of this module: `import "@sess/provider-mysql"`.
register("mysql", (options) => mysqlProvider(options));
