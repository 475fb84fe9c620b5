import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { Redis } from "ioredis";
import mysql from "mysql2/promise";

const BENCH = new URL("../../", import.meta.url);

/** The machine the figures come from. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** The commit the sess packages were built from, and whether their sources differ from it. */
export function sourceRevision() {
  try {
    const git = (...args) => execFileSync("git", args, { cwd: new URL("../../..", import.meta.url), encoding: "utf8" }).trim();
    const dirty = git("status", "--porcelain", "--", "packages/core/src", "packages/provider-memory/src", "packages/provider-file/src", "packages/provider-redis/src", "packages/provider-mysql/src");
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? " with uncommitted changes in packages/*/src" : ""}`;
  } catch {
    return "unknown";
  }
}

/** The exact version of every package the bench depends on, as installed. */
export function packageVersions() {
  const manifest = JSON.parse(readFileSync(new URL("package.json", BENCH), "utf8"));
  const versions = {};
  for (const name of Object.keys(manifest.dependencies).sort()) {
    try {
      versions[name] = JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, BENCH), "utf8")).version;
    } catch {
      versions[name] = "not installed";
    }
  }
  return versions;
}

/** Server versions of the backends in use (null where unreachable). */
export async function backendVersions({ redisUrl, mysqlUrl }, usable) {
  const out = {};
  if (usable.redis) {
    const client = new Redis(redisUrl);
    out.redis = /redis_version:(\S+)/.exec(await client.info("server"))?.[1] ?? "unknown";
    client.disconnect();
  }
  if (usable.mysql) {
    const conn = await mysql.createConnection(mysqlUrl);
    const [rows] = await conn.query("SELECT VERSION() AS v");
    out.mysql = rows[0].v;
    await conn.end();
  }
  return out;
}
