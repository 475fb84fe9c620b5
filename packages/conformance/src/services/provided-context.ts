import type { ServiceName } from "./service-names.js";

// What the global setup hands to test workers through vitest's provide/inject.
declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the Redis container the global setup started. */
    sessRedisUrl: string;
    /** URL (root credentials) of the MySQL container the global setup started. */
    sessMysqlUrl: string;
    /** Why the global setup could not start Redis. */
    sessRedisError: string;
    /** Why the global setup could not start MySQL. */
    sessMysqlError: string;
  }
}

/** The provide/inject keys of one service. */
export function providedKeys(service: ServiceName): {
  url: "sessRedisUrl" | "sessMysqlUrl";
  error: "sessRedisError" | "sessMysqlError";
} {
  return service === "redis"
    ? { url: "sessRedisUrl", error: "sessRedisError" }
    : { url: "sessMysqlUrl", error: "sessMysqlError" };
}
