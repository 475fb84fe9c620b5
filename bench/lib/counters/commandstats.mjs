import { Redis } from "ioredis";
import mysql from "mysql2/promise";
import pg from "pg";

/** Commands by name from Redis `INFO commandstats` (the INFO calls themselves left out). */
async function redisSnapshot(client) {
  const text = await client.info("commandstats");
  const counts = {};
  for (const line of text.split("\n")) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (m && m[1] !== "info") counts[m[1]] = Number(m[2]);
  }
  return counts;
}

/** Statements by kind from MariaDB `SHOW GLOBAL STATUS`: `Questions` (client statements) and every non-zero `Com_*`. */
async function mysqlSnapshot(conn) {
  const [rows] = await conn.query("SHOW GLOBAL STATUS WHERE Variable_name = 'Questions' OR Variable_name LIKE 'Com\\_%'");
  const counts = {};
  for (const row of rows) counts[row.Variable_name.toLowerCase()] = Number(row.Value);
  delete counts.com_show_status; // the bench's own SHOWs
  return counts;
}

/**
 * Transactions and row counts of the connection's database from `pg_stat_database`. Backends
 * report their counts when they go idle, at most once a second, so the snapshot waits that long
 * for the load before it (warm-up, or the window) to be counted where it belongs.
 */
async function postgresSnapshot(client) {
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const { rows } = await client.query(
    "SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()",
  );
  const counts = {};
  for (const [name, value] of Object.entries(rows[0] ?? {})) counts[name] = Number(value);
  return counts;
}

function delta(before, after) {
  const out = {};
  for (const [name, value] of Object.entries(after)) {
    const d = value - (before[name] ?? 0);
    if (d > 0) out[name] = d;
  }
  return out;
}

/**
 * Counts a backend's commands over a window: `begin()` before the load, `end()` after.
 * The counters are server-wide, so other clients of a shared server add to them; the
 * per-command breakdown shows what was counted.
 */
export class CommandCounter {
  #kind;
  #client;
  #before;

  constructor(kind, client) {
    this.#kind = kind;
    this.#client = client;
  }

  /** Connects to the backend named by `kind` ("redis" | "mysql" | "postgres") at `url`. */
  static async open(kind, url) {
    if (kind === "postgres") {
      const client = new pg.Client({ connectionString: url });
      client.on("error", () => {});
      await client.connect();
      return new CommandCounter(kind, client);
    }
    if (kind === "redis") {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await client.connect();
      return new CommandCounter(kind, client);
    }
    return new CommandCounter(kind, await mysql.createConnection(url));
  }

  #snapshot() {
    if (this.#kind === "postgres") return postgresSnapshot(this.#client);
    return this.#kind === "redis" ? redisSnapshot(this.#client) : mysqlSnapshot(this.#client);
  }

  /** Takes the "before" counters. */
  async begin() {
    this.#before = await this.#snapshot();
  }

  /** Commands since `begin()`: { total, byName }. Redis total counts every command (inside Lua scripts too); MySQL total is `Questions`; PostgreSQL total is transactions (one per autocommitted statement). */
  async end() {
    const byName = delta(this.#before, await this.#snapshot());
    if (this.#kind === "postgres") {
      // The "before" snapshot's own SELECT is one transaction of the window.
      const total = Math.max(0, (byName.xact_commit ?? 0) + (byName.xact_rollback ?? 0) - 1);
      return { total, byName };
    }
    const total = this.#kind === "redis" ? Object.values(byName).reduce((a, b) => a + b, 0) : Math.max(0, (byName.questions ?? 0) - 1); // the "after" SHOW counts itself
    delete byName.questions;
    return { total, byName };
  }

  /** Closes the counting connection. */
  async close() {
    if (this.#kind === "redis") this.#client.disconnect();
    else await this.#client.end();
  }
}
