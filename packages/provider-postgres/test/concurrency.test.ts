import { concurrentWriters } from "@sess/test-support/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresProvider } from "../src/index.js";
import { Fixture, change, randomKey } from "./support.js";

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

  concurrentWriters(() => [a, b], "INSERT … ON CONFLICT DO UPDATE");

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
