import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresProvider } from "../src/index.js";
import { Fixture, change, later, randomKey } from "./support.js";

const fx = new Fixture();
let a: PostgresProvider;
let b: PostgresProvider;
beforeAll(async () => {
  // Two providers, two pools: the writers truly race on the server, not in one client queue.
  a = await fx.provider({ max: 8 });
  b = await fx.provider({ max: 8 });
});
afterAll(() => fx.cleanup());

describe("concurrent writers on one session (READ COMMITTED, the server's default)", () => {
  it("the server runs at READ COMMITTED, the level these tests claim", async () => {
    const { rows } = await fx.admin.query<{ level: string }>("SELECT current_setting('default_transaction_isolation') AS level");
    expect(rows[0]!.level).toBe("read committed");
  });

  it("write(key, change) from 60 concurrent writers, each setting its own key, keeps every change", async () => {
    const key = randomKey();
    await a.write(key, change({ base: "0" }, { isNew: true }), later());
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).write(key, change({ [`k${i}`]: String(i) }), later())),
    );
    expect(results.every(Boolean)).toBe(true);
    const data = (await a.read(key))!.data;
    expect(Object.keys(data)).toHaveLength(61);
    for (let i = 0; i < 60; i++) expect(data[`k${i}`]).toBe(String(i));
  });

  it("write(key, change) racing deletes of other keys keeps the sets and applies the deletes", async () => {
    const key = randomKey();
    const initial: Record<string, string> = {};
    for (let i = 0; i < 30; i++) initial[`old${i}`] = "x";
    await a.write(key, change(initial, { isNew: true }), later());
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).write(key, change({ [`new${i}`]: "y" }, { deleted: [`old${i}`] }), later())),
    );
    const data = (await b.read(key))!.data;
    expect(Object.keys(data).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `new${i}`).sort());
  });

  it("new-session writes racing on one key all land (INSERT … ON CONFLICT DO UPDATE)", async () => {
    const key = randomKey();
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).write(key, change({ [`n${i}`]: "1" }, { isNew: true }), later())));
    expect(Object.keys((await a.read(key))!.data)).toHaveLength(10);
  });

  it("write(key, change) racing destroy(key) never leaves the session alive", async () => {
    for (let round = 0; round < 15; round++) {
      const key = randomKey();
      await a.write(key, change({ a: "1" }, { isNew: true }), later());
      await Promise.all([b.destroy(key), a.write(key, change({ b: "2" }), later()), b.write(key, change({ c: "3" }), later())]);
      expect(await a.read(key)).toBe(null);
    }
  });

  it("gc() skips an expired row another transaction holds, without waiting, and takes it on a later pass", async () => {
    const own = await fx.provider({ table: "gc_locked", gcBatchSize: 2 });
    const held = randomKey();
    await own.write(held, change({ a: "1" }, { isNew: true }), Date.now() - 10);
    for (let i = 0; i < 5; i++) await own.write(randomKey(), change({ i: String(i) }, { isNew: true }), Date.now() - 10);
    const client = await fx.admin.connect();
    try {
      await client.query("BEGIN");
      await client.query(`SELECT 1 FROM "${fx.schema}".gc_locked WHERE key = $1 FOR UPDATE`, [held]);
      // gcBatchSize 2 and 5 free rows: the batches are 2, 2, 1, and the held row is never waited for.
      expect(await own.gc()).toBe(5);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
    expect(await own.gc()).toBe(1);
  });
});
