import net from "node:net";
import { isSessError, withDeadline } from "@sess/core";
import { createPool, type Pool, type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlProvider } from "../src/index.js";
import { adminPool, change, later, randomKey, scratchDatabase, type ScratchDatabase } from "./support.js";

// Every provider here talks to its own database, so information_schema.PROCESSLIST
// tells its connections apart from everyone else's on the shared server.
let db: ScratchDatabase;
let admin: Pool;
beforeAll(async () => {
  db = await scratchDatabase();
  admin = adminPool();
});
afterAll(async () => {
  await admin?.end();
  await db?.drop();
});

const unavailable = (e: unknown) => isSessError(e, "STORE_UNAVAILABLE");

async function connectionsOf(filter = ""): Promise<number[]> {
  const [rows] = await admin.query<RowDataPacket[]>(`SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? ${filter}`, [db.name]);
  return rows.map((r) => Number(r.id));
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
  const pool = createPool({ uri: db.url, connectionLimit: 1 });
  const conn = await pool.getConnection();
  await conn.query("START TRANSACTION");
  await conn.query(`SELECT id FROM \`${table}\` WHERE id = ? FOR UPDATE`, [key]);
  return {
    release: async () => {
      await conn.query("ROLLBACK");
      conn.release();
      await pool.end();
    },
  };
}

describe("faults", () => {
  it("KILL of the provider's idle connection: the next calls succeed (the pool drops the dead connection)", async () => {
    const p = await mysqlProvider({ dsn: db.url, table: "killed", connectionLimit: 1 });
    try {
      const key = randomKey();
      await p.write(key, change({ a: "0" }, { isNew: true }), later());
      for (let round = 1; round <= 3; round++) {
        const ids = await connectionsOf();
        expect(ids).toHaveLength(1);
        await admin.query(`KILL ${ids[0]!}`);
        expect((await p.read(key))!.data.a).toBe(String(round - 1));
        expect(await p.write(key, change({ a: String(round) }), later())).toBe(true);
      }
      expect((await p.read(key))!.data.a).toBe("3");
    } finally {
      await p.close();
    }
  });

  it("KILL of the provider's connection mid-statement: that call rejects STORE_UNAVAILABLE at once, later calls work", async () => {
    const p = await mysqlProvider({ dsn: db.url, table: "killed_busy", connectionLimit: 1, queryTimeoutMs: 30_000 });
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const lock = await lockRow("killed_busy", key);
    try {
      const started = Date.now();
      // Settled into a value at once, so the rejection is never momentarily unhandled.
      const pending = p.write(key, change({ b: "2" }), later()).then(() => undefined, (e: unknown) => e);
      const [busy] = await until(async () => {
        const ids = await connectionsOf("AND INFO LIKE 'UPDATE%'");
        return ids.length ? ids : undefined;
      }, "the blocked UPDATE");
      await admin.query(`KILL ${busy!}`);
      const err = await pending;
      expect(unavailable(err)).toBe(true);
      expect(String(err)).not.toMatch(/timed out/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await lock.release();
    }
    expect(await p.write(key, change({ c: "3" }), later())).toBe(true);
    expect((await p.read(key))!.data).toEqual({ a: "1", c: "3" });
    await p.close();
  });

  it("a statement blocked past queryTimeoutMs rejects STORE_UNAVAILABLE, and the provider works once the lock is gone", async () => {
    const p = await mysqlProvider({ dsn: db.url, table: "slow", connectionLimit: 1, queryTimeoutMs: 400 });
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const lock = await lockRow("slow", key);
    try {
      await expect(p.write(key, change({ b: "2" }), later())).rejects.toSatisfy(unavailable);
      // The overrun connection was destroyed, not returned: a read still gets a working one.
      expect((await p.read(key))!.data.a).toBe("1");
    } finally {
      await lock.release();
    }
    expect(await p.write(key, change({ c: "3" }), later())).toBe(true);
    await p.close();
  });

  it("pool exhausted: calls reject STORE_UNAVAILABLE in bounded time and late connections go back to the pool", async () => {
    const pool = createPool({ uri: db.url, connectionLimit: 1 });
    const p = await mysqlProvider({ pool, table: "exhausted", queryTimeoutMs: 300 });
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const held = await pool.getConnection();
    const started = Date.now();
    const results = await Promise.allSettled([p.read(key), p.write(key, change({ b: "2" }), later()), p.count(), p.touch(key, later()), p.gc()]);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const r of results) expect(r.status === "rejected" && unavailable(r.reason)).toBe(true);
    held.release();
    expect((await p.read(key))!.data).toEqual({ a: "1" });
    // Had the provider kept a connection that arrived after its deadline, this would never resolve.
    const again = await withDeadline(pool.getConnection(), 5000, "test");
    again.release();
    await p.close();
    await pool.end();
  });

  it("queueLimit reached: the extra call rejects STORE_UNAVAILABLE without waiting", async () => {
    const p = await mysqlProvider({ dsn: db.url, table: "queued", connectionLimit: 1, queueLimit: 1, queryTimeoutMs: 20_000 });
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const lock = await lockRow("queued", key);
    let blocked: Promise<unknown> | undefined;
    let queued: Promise<unknown> | undefined;
    try {
      blocked = p.write(key, change({ b: "2" }), later());
      await until(async () => ((await connectionsOf("AND INFO LIKE 'UPDATE%'")).length ? true : undefined), "the blocked UPDATE");
      queued = p.count();
      const started = Date.now();
      await expect(p.read(key)).rejects.toSatisfy((e) => unavailable(e) && /Queue limit/.test(String(e)));
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await lock.release();
    }
    expect(await blocked).toBe(true);
    expect(await queued).toBe(1);
    await p.close();
  });

  it("database unreachable (a closed port): mysqlProvider rejects STORE_UNAVAILABLE in bounded time", async () => {
    const port = await closedPort();
    const started = Date.now();
    await expect(mysqlProvider({ dsn: `root@tcp(127.0.0.1:${port})/test`, queryTimeoutMs: 1000 })).rejects.toSatisfy(unavailable);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a server that accepts but never answers: mysqlProvider rejects STORE_UNAVAILABLE after its deadline", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => sockets.add(s.on("error", () => {})));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      await expect(mysqlProvider({ dsn: `root@tcp(127.0.0.1:${port})/test?timeout=500ms`, queryTimeoutMs: 500 })).rejects.toSatisfy(unavailable);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
