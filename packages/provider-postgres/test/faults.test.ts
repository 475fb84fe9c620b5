import { randomBytes } from "node:crypto";
import {
  expectExhaustedPoolFails,
  expectOverrunFails,
  type RowLock,
  unavailable,
  unreachableServer,
  until,
} from "@sess/test-support/provider";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresProvider, type PostgresProvider, type PostgresProviderOptions } from "../src/index.js";
import { isConnectionFailure } from "../src/errors.js";
import { Fixture, change, later, postgresUrl, randomKey } from "./support.js";

// Each provider here names its connections (application_name), so pg_stat_activity tells
// them apart from everyone else's on the shared server.
const fx = new Fixture();
beforeAll(() => fx.ready());
afterAll(() => fx.cleanup());

/** A provider on its own table whose connections carry a name of their own. */
async function named(table: string, options: PostgresProviderOptions = {}): Promise<{ p: PostgresProvider; app: string }> {
  const app = `sess_fault_${randomBytes(4).toString("hex")}`;
  const p = await fx.provider({ table, max: 1, connection: { connectionString: postgresUrl(), application_name: app }, ...options });
  return { p, app };
}

async function backendsOf(app: string, filter = ""): Promise<number[]> {
  const { rows } = await fx.admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 ${filter}`, [app]);
  return rows.map((r) => r.pid);
}

/** Holds a row lock on `key` from a connection of its own until release(). */
async function lockRow(table: string, key: string): Promise<RowLock> {
  const client = await fx.admin.connect();
  await client.query("BEGIN");
  await client.query(`SELECT 1 FROM "${fx.schema}"."${table}" WHERE key = $1 FOR UPDATE`, [key]);
  return {
    release: async () => {
      await client.query("ROLLBACK");
      client.release();
    },
  };
}

describe("faults", () => {
  it("pg_terminate_backend of the provider's idle connection: the next calls succeed", async () => {
    const { p, app } = await named("terminated_idle");
    const key = randomKey();
    await p.write(key, change({ a: "0" }, { isNew: true }), later());
    for (let round = 1; round <= 3; round++) {
      const pids = await backendsOf(app);
      expect(pids).toHaveLength(1);
      await fx.admin.query("SELECT pg_terminate_backend($1)", [pids[0]]);
      await until(async () => ((await backendsOf(app)).length === 0 ? true : undefined), "the backend to exit");
      expect((await p.read(key))!.data.a).toBe(String(round - 1));
      expect(await p.write(key, change({ a: String(round) }), later())).toBe(true);
    }
    expect((await p.read(key))!.data.a).toBe("3");
  });

  it("writes and touches on pooled connections whose backends were just terminated succeed: the statement never ran there", async () => {
    const { p, app } = await named("terminated_pool", { max: 3 });
    const keys = [randomKey(), randomKey(), randomKey()];
    for (const key of keys) await p.write(key, change({ n: "0" }, { isNew: true }), later());
    for (let round = 1; round <= 15; round++) {
      // Three calls at once keep three pooled connections; then their backends are terminated
      // and the next calls go out at once, before the pool can have noticed.
      await Promise.all(keys.map((key) => p.read(key)));
      await fx.admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [app]);
      const results = await Promise.all(keys.map((key, i) => (i === 2 ? p.touch(key, later()) : p.write(key, change({ n: String(round) }), later()))));
      expect(results, `round ${round}`).toEqual([true, true, true]);
    }
    expect((await p.read(keys[0]!))!.data.n).toBe("15");
    await until(async () => ((await backendsOf(app)).length <= 3 ? true : undefined), "the pool to settle");
  });

  it("idle_session_timeout (57P05) on the server: reads after it are retried on a fresh connection", async () => {
    const app = `sess_idle_${randomBytes(4).toString("hex")}`;
    const connection = { connectionString: postgresUrl(), application_name: app, options: "-c idle_session_timeout=150" };
    const p = await fx.provider({ table: "idle_timeout", max: 2, connection });
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    for (let round = 0; round < 6; round++) {
      // Straddle the timeout: some reads go out as the server is closing their connection.
      await new Promise((resolve) => setTimeout(resolve, 140 + round * 4));
      expect((await p.read(key))!.data).toEqual({ a: "1" });
      expect(await p.exists(key)).toBe(true);
    }
    // The error the server sends is the one the retry rule names.
    const client = new pg.Client(connection);
    const ended = new Promise<unknown>((resolve) => client.on("error", resolve));
    await client.connect();
    const err = (await ended) as { code?: string };
    await client.end().catch(() => undefined);
    expect(err.code).toBe("57P05");
    expect(isConnectionFailure(err)).toBe(true);
  });

  it("pg_terminate_backend mid-statement: the write never committed, so it runs once more; terminated again it rejects STORE_UNAVAILABLE at once", async () => {
    const { p, app } = await named("terminated_busy", { queryTimeoutMs: 30_000 });
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const lock = await lockRow("terminated_busy", key);
    try {
      const started = Date.now();
      const pending = p.write(key, change({ b: "2" }), later()).then(() => undefined, (e: unknown) => e);
      const killed: number[] = [];
      for (let kill = 0; kill < 2; kill++) {
        // A terminated backend lingers in pg_stat_activity for a moment: wait for the rerun's own.
        const [busy] = await until(async () => {
          const pids = await backendsOf(app, "AND query LIKE 'UPDATE%' AND wait_event_type = 'Lock'");
          const fresh = pids.filter((pid) => !killed.includes(pid));
          return fresh.length ? fresh : undefined;
        }, `the blocked UPDATE (kill ${kill + 1})`);
        killed.push(busy!);
        await fx.admin.query("SELECT pg_terminate_backend($1)", [busy]);
      }
      const err = await pending;
      expect(unavailable(err) && !/timed out/.test(String(err)), String(err)).toBe(true);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await lock.release();
    }
    expect(await p.write(key, change({ c: "3" }), later())).toBe(true);
    expect((await p.read(key))!.data).toEqual({ a: "1", c: "3" });
  });

  it("a statement blocked past queryTimeoutMs rejects STORE_UNAVAILABLE, the server stops it, and the provider works once the lock is gone", async () => {
    const { p, app } = await named("slow", { queryTimeoutMs: 400 });
    // The server is not left running the UPDATE (statement_timeout, or the closed socket).
    const stopped = async () => ((await backendsOf(app, "AND query LIKE 'UPDATE%' AND state = 'active'")).length === 0 ? true : undefined);
    const key = await expectOverrunFails(p, (key) => lockRow("slow", key), () => until(stopped, "the UPDATE to stop"));
    expect((await p.read(key))!.data).toEqual({ a: "1", c: "3" });
  });

  it("pool exhausted: calls reject STORE_UNAVAILABLE in bounded time and late clients go back to the pool", async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl(), max: 1 });
    pool.on("error", () => {});
    try {
      const p = await fx.provider({ pool, table: "exhausted", queryTimeoutMs: 300 });
      await expectExhaustedPoolFails(p, () => pool.connect());
    } finally {
      await pool.end();
    }
  });

  unreachableServer("postgresProvider", {
    closed: (port) => postgresProvider({ url: `postgres://postgres@127.0.0.1:${port}/test`, queryTimeoutMs: 1000 }),
    silent: (port) => postgresProvider({ url: `postgres://postgres@127.0.0.1:${port}/test`, queryTimeoutMs: 500 }),
  });

  it("corrupt rows (data not an object, non-string values) read as absent or without those values, never a crash", async () => {
    const p = await fx.provider({ table: "corrupt" });
    const [notObject, mixed] = [randomKey(), randomKey()];
    const t = `"${fx.schema}".corrupt`;
    await fx.admin.query(`INSERT INTO ${t} VALUES ($1, '[1,2]', 0, $2), ($3, '{"ok":"1","n":2,"o":{}}', 0, $2)`, [notObject, later(), mixed]);
    expect(await p.read(notObject)).toBe(null);
    expect((await p.read(mixed))!.data).toEqual({ ok: "1" });
    // A change to the array row appends to the array (jsonb || on an array): the row stays unreadable, so the Manager starts afresh.
    expect(await p.write(notObject, change({ a: "1" }), later())).toBe(true);
    expect(await p.read(notObject)).toBe(null);
  });
});
