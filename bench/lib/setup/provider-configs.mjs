import os from "node:os";
import path from "node:path";
import { SECRET } from "../../servers/route.mjs";

/** The backends whose server counters and wire traffic are counted, and the config key of each one's URL. */
export const COUNTED_BACKENDS = { redis: "redisUrl", mysql: "mysqlUrl", postgres: "postgresUrl" };

/** The run's scratch directory for file stores. */
export function runDir(runId) {
  return path.join(os.tmpdir(), `sess-bench-${runId}`);
}

/**
 * Where `tag` (a system or task name) stores its sessions on `backend` for this run:
 * the sess provider config, and what cleanup removes (a Redis prefix, a MySQL or PostgreSQL table, a directory).
 */
export function placeFor(backend, tag, { runId, redisUrl, mysqlUrl, postgresUrl }) {
  const safe = tag.replaceAll(/[^a-z0-9]+/g, "_");
  if (backend === "redis") {
    const prefix = `bench:${runId}:${safe}:`;
    return { providerConfig: { url: redisUrl, prefix }, peerConfig: { redisUrl, prefix }, store: { redisPrefix: prefix } };
  }
  if (backend === "mysql") {
    const table = `bench_${runId}_${safe}`.slice(0, 64);
    return { providerConfig: { dsn: mysqlUrl, table }, peerConfig: { mysqlUrl, table }, store: { mysqlTable: table } };
  }
  if (backend === "postgres") {
    // 48 characters at most: the provider's limit, leaving room for its index name.
    const table = `bench_${runId}_${safe}`.slice(0, 48);
    return { providerConfig: { url: postgresUrl, table }, peerConfig: { postgresUrl, table }, store: { postgresTable: table } };
  }
  if (backend === "leveldb") {
    const dir = path.join(runDir(runId), safe);
    return { providerConfig: { path: dir }, peerConfig: {}, store: { dir } };
  }
  if (backend === "file") {
    const dir = path.join(runDir(runId), safe);
    return { providerConfig: { dir }, peerConfig: { dir }, store: { dir } };
  }
  if (backend === "cookie") {
    // Nothing is stored: the key ring is the whole config (iron-session gets the same secret as its password).
    return { providerConfig: { keys: [SECRET] }, peerConfig: {}, store: {} };
  }
  return { providerConfig: undefined, peerConfig: {}, store: {} };
}
