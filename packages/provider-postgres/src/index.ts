import { register } from "@sess/core/provider";
import { postgresProvider } from "./postgres-provider.js";

export { PostgresProvider, postgresProvider } from "./postgres-provider.js";
export type { PostgresProviderOptions } from "./config.js";
export { parsePostgresUrl, type ParsedUrl, type UrlSettings } from "./postgres-url.js";
export { SCHEMA_VERSION, createTableSql } from "./schema.js";

// Registering on import is the point of this module: `import "@sess/provider-postgres"`.
register("postgres", (options) => postgresProvider(options));
