import type { ServiceName } from "./service-names.js";

// What the global setup hands to test workers through vitest's provide/inject.
declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the Redis the global setup started. */
    sessRedisUrl: string;
    /** URL (root credentials) of the MySQL the global setup started. */
    sessMysqlUrl: string;
    /** URL (superuser) of the PostgreSQL the global setup started. */
    sessPostgresUrl: string;
    /** Why the global setup could not start Redis. */
    sessRedisError: string;
    /** Why the global setup could not start MySQL. */
    sessMysqlError: string;
    /** Why the global setup could not start PostgreSQL. */
    sessPostgresError: string;
  }
}

/** A provide/inject key holding a service's URL. */
export type ProvidedUrlKey = "sessRedisUrl" | "sessMysqlUrl" | "sessPostgresUrl";

/** A provide/inject key holding why a service could not start. */
export type ProvidedErrorKey = "sessRedisError" | "sessMysqlError" | "sessPostgresError";

const KEYS: Record<ServiceName, { url: ProvidedUrlKey; error: ProvidedErrorKey }> = {
  redis: { url: "sessRedisUrl", error: "sessRedisError" },
  mysql: { url: "sessMysqlUrl", error: "sessMysqlError" },
  postgres: { url: "sessPostgresUrl", error: "sessPostgresError" },
};

/** The provide/inject keys of one service. */
export function providedKeys(service: ServiceName): { url: ProvidedUrlKey; error: ProvidedErrorKey } {
  return KEYS[service];
}
