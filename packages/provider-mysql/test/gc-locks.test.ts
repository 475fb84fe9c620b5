import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MysqlProvider } from "../src/index.js";
import { Fixture, change, later, randomKey } from "./support.js";

// GC against a real concurrent writer on MariaDB. A trigger on this test's own table stalls
// GC's DELETE inside one chosen expired row, so the statement holds every lock it took while
// the writers run: under REPEATABLE READ a short batch locks the index records it read and the
// gaps between them (the whole table here), and the writers wait for GC.
const fx = new Fixture();
// An unusual duration, so the process list shows which sleep is ours.
const STALL_SECONDS = 4.375;
let gcSide: MysqlProvider;
let writer: MysqlProvider;
const marker = randomKey();

beforeAll(async () => {
  gcSide = await fx.provider({ queryTimeoutMs: 30_000 });
  writer = await fx.provider({ queryTimeoutMs: 30_000 });
  await fx.admin.query(
    `CREATE TRIGGER \`${fx.table}_stall\` BEFORE DELETE ON \`${fx.table}\` FOR EACH ROW ` +
      `BEGIN IF OLD.id = '${marker}' THEN DO SLEEP(${STALL_SECONDS}); END IF; END`,
  );
});
afterAll(() => fx.cleanup());

/** Resolves once GC's DELETE sits in the trigger's SLEEP (the process list shows the trigger's statement). */
async function gcStalled(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [rows] = await fx.admin.query(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO = ? AND STATE = 'User sleep'",
      [`DO SLEEP(${STALL_SECONDS})`],
    );
    if (Number((rows as { n: unknown }[])[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("GC's DELETE never reached the trigger's SLEEP");
}

describe("gc() beside concurrent writes", () => {
  it("while a GC batch is running, writes to live sessions and a new session in another transaction are not blocked", async () => {
    const live = Array.from({ length: 20 }, () => randomKey());
    for (const k of live) await writer.write(k, change({ n: "0" }, { isNew: true }), later());
    const past = Date.now() - 60_000;
    for (let i = 0; i < 20; i++) await writer.write(i === 10 ? marker : randomKey(), change({ n: "old" }, { isNew: true }), past + i);

    const order: string[] = [];
    const gc = gcSide.gc().then((removed) => {
      order.push("gc");
      return removed;
    });
    await gcStalled();
    // A provider write to a live session, a new session, and a transaction of the admin's own.
    const writes = Promise.all([
      writer.write(live[0]!, change({ n: "1" }), later()),
      writer.write(randomKey(), change({ n: "new" }, { isNew: true }), later(1_800_000)),
      (async () => {
        const conn = await fx.admin.getConnection();
        try {
          await conn.query("BEGIN");
          await conn.query(`UPDATE \`${fx.table}\` SET expires_at = expires_at + 1000 WHERE id = ?`, [live[5]]);
          await conn.query("COMMIT");
        } finally {
          conn.release();
        }
        return true;
      })(),
    ]).then((results) => {
      order.push("writes");
      return results;
    });
    expect(await writes).toEqual([true, true, true]);
    expect(await gc).toBe(20);
    // The writes finished while GC's statement was still stalled in the trigger.
    expect(order).toEqual(["writes", "gc"]);
    expect((await writer.read(live[0]!))?.data).toEqual({ n: "1" });
  });
});
