import { postgresProvider } from "@sess/provider-postgres";
import { redisProvider } from "@sess/provider-redis";
import type { StoreOpener } from "./managers.ts";

/** The server-side stores Bun and Deno run against this machine's Redis and PostgreSQL. */
export const serverStores: Record<string, StoreOpener> = {
  redis: async (config) => redisProvider({ url: config.SESS_RT_STORE_URL, prefix: config.SESS_RT_NAMESPACE, commandTimeoutMs: 1000 }),
  postgres: async (config) => postgresProvider({ url: config.SESS_RT_STORE_URL, queryTimeoutMs: 1000 }),
};
