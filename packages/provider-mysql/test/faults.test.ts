import {
  expectExhaustedPoolFails,
  expectKilledStatementFails,
  expectOverrunFails,
  type RowLock,
  unavailable,
  unreachableServer,
  until,
} from "@sess/test-support/provider";
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

async function connectionsOf(filter = ""): Promise<number[]> {
  const [rows] = await admin.query<RowDataPacket[]>(`SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? ${filter}`, [db.name]);
  return rows.map((r) => Number(r.id));
}

/** Holds a row lock on `key` from a connection of its own until release(). */
async function lockRow(table: string, key: string): Promise<RowLock> {
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
    await expectKilledStatementFails(p, (key) => lockRow("killed_busy", key), async () => {
      const [busy] = await until(async () => {
        const ids = await connectionsOf("AND INFO LIKE 'UPDATE%'");
        return ids.length ? ids : undefined;
      }, "the blocked UPDATE");
      await admin.query(`KILL ${busy!}`);
    });
    await p.close();
  });

  it("a statement blocked past queryTimeoutMs rejects STORE_UNAVAILABLE, and the provider works once the lock is gone", async () => {
    const p = await mysqlProvider({ dsn: db.url, table: "slow", connectionLimit: 1, queryTimeoutMs: 400 });
    await expectOverrunFails(p, (key) => lockRow("slow", key));
    await p.close();
  });

  for (const lent of [false, true]) {
    it(`writes blocked past queryTimeoutMs are killed on the server and never land once the lock clears (${lent ? "the application's pool" : "own pool"})`, async () => {
      const table = lent ? "abandoned_lent" : "abandoned_own";
      const pool = lent ? createPool({ uri: db.url, connectionLimit: 6 }) : undefined;
      const p = await mysqlProvider(pool ? { pool, table, queryTimeoutMs: 300 } : { dsn: db.url, table, connectionLimit: 6, queryTimeoutMs: 300 });
      try {
        const key = randomKey();
        await p.write(key, change({ a: "1" }, { isNew: true }), later());
        const lock = await lockRow(table, key);
        try {
          const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => p.write(key, change({ [`b${i}`]: "2" }), later())));
          for (const r of results) expect(r.status === "rejected" && unavailable(r.reason)).toBe(true);
          await until(async () => ((await connectionsOf("AND INFO LIKE 'UPDATE%'")).length === 0 ? true : undefined), "the abandoned UPDATEs to end", 2000);
        } finally {
          await lock.release();
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect((await p.read(key))!.data).toEqual({ a: "1" });
      } finally {
        await p.close();
        await pool?.end();
      }
    });
  }

  it("pool exhausted: calls reject STORE_UNAVAILABLE in bounded time and late connections go back to the pool", async () => {
    const pool = createPool({ uri: db.url, connectionLimit: 1 });
    const p = await mysqlProvider({ pool, table: "exhausted", queryTimeoutMs: 300 });
    await expectExhaustedPoolFails(p, () => pool.getConnection());
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

  unreachableServer("mysqlProvider", {
    closed: (port) => mysqlProvider({ dsn: `root@tcp(127.0.0.1:${port})/test`, queryTimeoutMs: 1000 }),
    silent: (port) => mysqlProvider({ dsn: `root@tcp(127.0.0.1:${port})/test?timeout=500ms`, queryTimeoutMs: 500 }),
  });
});
