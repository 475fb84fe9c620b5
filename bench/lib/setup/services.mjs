import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { Redis } from "ioredis";
import mysql from "mysql2/promise";
import pg from "pg";

const PACKAGES = new URL("../../../packages/", import.meta.url);

/** Why Redis at `url` cannot be used, or null when it answers PING. */
export async function redisProblem(url) {
  if (!url) return "SESS_TEST_REDIS_URL is not set";
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (err) {
    return `Redis at ${url} is unreachable (${err.message})`;
  } finally {
    client.disconnect();
  }
}

/** Why MySQL/MariaDB at `url` cannot be used, or null when it answers a ping. */
export async function mysqlProblem(url) {
  if (!url) return "SESS_TEST_MYSQL_URL is not set";
  try {
    const conn = await mysql.createConnection({ uri: url, connectTimeout: 2000 });
    await conn.ping();
    await conn.end();
    return null;
  } catch (err) {
    return `MySQL at ${url} is unreachable (${err.message})`;
  }
}

/** Why PostgreSQL at `url` cannot be used, or null when it answers a query. */
export async function postgresProblem(url) {
  if (!url) return "SESS_TEST_POSTGRES_URL is not set";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (err) {
    return `PostgreSQL at ${url} is unreachable (${err.message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why a sess provider package cannot be used (not built yet), or null. */
export function providerProblem(name) {
  const dist = new URL(`provider-${name}/dist/index.js`, PACKAGES);
  if (!existsSync(dist)) return `@sess/provider-${name} is not built (packages/provider-${name}/dist is missing)`;
  return null;
}

/** Why the sess Manager cannot be used, or null. */
export async function managerProblem() {
  try {
    const core = await import("@sess/core");
    if (typeof core.createManager !== "function") return "@sess/core does not export createManager yet";
    await import("@sess/core/express");
    return null;
  } catch (err) {
    return `@sess/core cannot be loaded (${err.message})`;
  }
}

/** Deletes the keys under `prefix` (the run's own; never FLUSH on a shared server). Returns how many. */
export async function deleteRedisPrefix(url, prefix) {
  const client = new Redis(url);
  let removed = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) removed += await client.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
  return removed;
}

/** Drops `table` (a name carrying this run's id, created by this run). */
export async function dropMysqlTable(url, table) {
  if (!/^bench_[a-z0-9_]+$/.test(table)) throw new Error(`refusing to drop ${table}: not a bench table`);
  const conn = await mysql.createConnection(url);
  try {
    await conn.query(`DROP TABLE IF EXISTS \`${table}\``);
  } finally {
    await conn.end();
  }
}

/** Drops `table` in the URL's default schema (a name carrying this run's id, created by this run). */
export async function dropPostgresTable(url, table) {
  if (!/^bench_[a-z0-9_]+$/.test(table)) throw new Error(`refusing to drop ${table}: not a bench table`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS "${table}"`);
  } finally {
    await client.end();
  }
}

/** Removes a directory the run created. */
export async function removeDir(dir) {
  await rm(dir, { recursive: true, force: true });
}

/** Removes whatever a system stored: its Redis prefix, MySQL or PostgreSQL table, or directory. */
export async function cleanUp(store, urls) {
  if (store.redisPrefix) await deleteRedisPrefix(urls.redisUrl, store.redisPrefix);
  if (store.mysqlTable) await dropMysqlTable(urls.mysqlUrl, store.mysqlTable);
  if (store.postgresTable) await dropPostgresTable(urls.postgresUrl, store.postgresTable);
  if (store.dir) await removeDir(store.dir);
}
