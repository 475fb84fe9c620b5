import { createPool, type Pool, type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlProvider, type MysqlProvider } from "../src/index.js";
import { Fixture, change, later, mysqlUrl, randomKey } from "./support.js";

// One connection shared by the provider and the probe, so SESSION STATUS counts exactly the provider's statements.
const fx = new Fixture();
let pool: Pool;
let p: MysqlProvider;
beforeAll(async () => {
  await (await fx.provider()).count();
  pool = createPool({ uri: mysqlUrl(), connectionLimit: 1 });
  p = await mysqlProvider({ pool, table: fx.table, createTable: false });
});
afterAll(async () => {
  await p?.close();
  await pool?.end();
  await fx.cleanup();
});

async function status(name: string): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>("SHOW SESSION STATUS LIKE ?", [name]);
  return Number(rows[0]!.Value);
}

/** Statements the server ran for `call`, not counting the probes (which cost one question each). */
async function statementsFor(call: () => Promise<unknown>): Promise<{ questions: number; prepares: number }> {
  await call(); // the first call on a connection also prepares its statement
  const [q0, s0] = [await status("Questions"), await status("Com_stmt_prepare")];
  await call();
  const [q1, s1] = [await status("Questions"), await status("Com_stmt_prepare")];
  // Between q0 and q1 the server also counted the Com_stmt_prepare probe and the Questions probe itself.
  return { questions: q1 - q0 - 2, prepares: s1 - s0 };
}

describe("round trips", () => {
  it("read(key) is one statement (and no re-prepare)", async () => {
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    expect(await statementsFor(() => p.read(key))).toEqual({ questions: 1, prepares: 0 });
  });

  it("exists, write, touch, destroy and count are one statement each", async () => {
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    expect((await statementsFor(() => p.exists(key))).questions).toBe(1);
    expect((await statementsFor(() => p.write(key, change({ b: "2" }, { deleted: ["a"] }), later()))).questions).toBe(1);
    expect((await statementsFor(() => p.write(key, change({ c: "3" }, { isNew: true }), later()))).questions).toBe(1);
    expect((await statementsFor(() => p.touch(key, later()))).questions).toBe(1);
    expect((await statementsFor(() => p.count())).questions).toBe(1);
    expect((await statementsFor(() => p.destroy(key))).questions).toBe(1);
  });

  it("binding, listSubject and destroySubject are one statement each", async () => {
    const key = randomKey();
    const subject = `user-${randomKey()}`;
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    expect((await statementsFor(() => p.write(key, change({ b: "2" }, { subject }), later()))).questions).toBe(1);
    expect((await statementsFor(() => p.listSubject(subject))).questions).toBe(1);
    expect((await statementsFor(() => p.destroySubject(subject))).questions).toBe(1);
    expect(await p.read(key)).toBeNull();
  });
});
