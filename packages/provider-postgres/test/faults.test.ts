import { randomBytes } from "node:crypto";
import net from "node:net";
import { isSessError, withDeadline } from "@sess/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresProvider, type PostgresProvider, type PostgresProviderOptions } from "../src/index.js";
import { Fixture, change, later, postgresUrl, randomKey } from "./support.js";

// Each provider here names its connections (application_name), so pg_stat_activity tells
// them apart from everyone else's on the shared server.
const fx = new Fixture();
beforeAll(() => fx.ready());
afterAll(() => fx.cleanup());

const unavailable = (e: unknown) => isSessError(e, "STORE_UNAVAILABLE");

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

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Holds a row lock on `key` from a connection of its own until release(). */
async function lockRow(table: string, key: string): Promise<{ release(): Promise<void> }> {
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

  it("pg_terminate_backend mid-statement: that call rejects STORE_UNAVAILABLE at once, later calls work", async () => {
    const { p, app } = await named("terminated_busy", { queryTimeoutMs: 30_000 });
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const lock = await lockRow("terminated_busy", key);
    try {
      const started = Date.now();
      // Settled into a value at once, so the rejection is never momentarily unhandled.
      const pending = p.write(key, change({ b: "2" }), later()).then(() => undefined, (e: unknown) => e);
      const [busy] = await until(async () => {
        const pids = await backendsOf(app, "AND query LIKE 'UPDATE%' AND wait_event_type = 'Lock'");
        return pids.length ? pids : undefined;
      }, "the blocked UPDATE");
      await fx.admin.query("SELECT pg_terminate_backend($1)", [busy]);
      const err = await pending;
      expect(unavailable(err)).toBe(true);
      expect(String(err)).not.toMatch(/timed out/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await lock.release();
    }
    expect(await p.write(key, change({ c: "3" }), later())).toBe(true);
    expect((await p.read(key))!.data).toEqual({ a: "1", c: "3" });
  });

  it("a statement blocked past queryTimeoutMs rejects STORE_UNAVAILABLE, the server stops it, and the provider works once the lock is gone", async () => {
    const { p, app } = await named("slow", { queryTimeoutMs: 400 });
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const lock = await lockRow("slow", key);
    try {
      await expect(p.write(key, change({ b: "2" }), later())).rejects.toSatisfy(unavailable);
      // The overrun connection was ended, not returned: a read still gets a working one.
      expect((await p.read(key))!.data.a).toBe("1");
      // And the server is not left running the UPDATE (statement_timeout, or the closed socket).
      await until(async () => ((await backendsOf(app, "AND query LIKE 'UPDATE%' AND state = 'active'")).length === 0 ? true : undefined), "the UPDATE to stop");
    } finally {
      await lock.release();
    }
    expect(await p.write(key, change({ c: "3" }), later())).toBe(true);
    expect((await p.read(key))!.data).toEqual({ a: "1", c: "3" });
  });

  it("pool exhausted: calls reject STORE_UNAVAILABLE in bounded time and late clients go back to the pool", async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl(), max: 1 });
    pool.on("error", () => {});
    try {
      const p = await fx.provider({ pool, table: "exhausted", queryTimeoutMs: 300 });
      const key = randomKey();
      await p.write(key, change({ a: "1" }, { isNew: true }), later());
      const held = await pool.connect();
      const started = Date.now();
      const results = await Promise.allSettled([p.read(key), p.write(key, change({ b: "2" }), later()), p.count(), p.touch(key, later()), p.gc()]);
      expect(Date.now() - started).toBeLessThan(10_000);
      for (const r of results) expect(r.status === "rejected" && unavailable(r.reason)).toBe(true);
      held.release();
      expect((await p.read(key))!.data).toEqual({ a: "1" });
      // Had the provider kept a client that arrived after its deadline, this would never resolve.
      const again = await withDeadline(pool.connect(), 5000, "test");
      again.release();
    } finally {
      await pool.end();
    }
  });

  it("database unreachable (a closed port): postgresProvider rejects STORE_UNAVAILABLE in bounded time", async () => {
    const port = await closedPort();
    const started = Date.now();
    await expect(postgresProvider({ url: `postgres://postgres@127.0.0.1:${port}/test`, queryTimeoutMs: 1000 })).rejects.toSatisfy(unavailable);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a server that accepts but never answers: postgresProvider rejects STORE_UNAVAILABLE after its deadline", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => sockets.add(s.on("error", () => {})));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      await expect(postgresProvider({ url: `postgres://postgres@127.0.0.1:${port}/test`, queryTimeoutMs: 500 })).rejects.toSatisfy(unavailable);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
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

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
