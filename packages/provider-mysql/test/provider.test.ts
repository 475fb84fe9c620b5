import { isSessError } from "@sess/core";
import { createPool as createPromisePool, type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MysqlProvider } from "../src/index.js";
import { createPool as createCallbackPool } from "mysql2";
import { providerBasics } from "@sess/test-support/provider";
import { Fixture, change, later, mysqlUrl, randomKey } from "./support.js";

const fx = new Fixture();
let p: MysqlProvider;
beforeAll(async () => {
  p = await fx.provider();
});
afterAll(() => fx.cleanup());

describe("mysql provider basics", () => {
  providerBasics(
    () => p,
    () => fx.provider({ table: `${fx.table}_gc`, gcBatchSize: 3 }),
  );

  it("write and touch resolve true for an unchanged row on a pool without CLIENT_FOUND_ROWS", async () => {
    const pool = createPromisePool({ uri: mysqlUrl(), connectionLimit: 1, flags: ["-FOUND_ROWS"] });
    try {
      const lent = await fx.provider({ pool, dsn: undefined, createTable: false });
      const key = randomKey();
      const expiresAt = later();
      await lent.write(key, change({ a: "1" }, { isNew: true }), expiresAt);
      expect(await lent.write(key, change({ a: "1" }), expiresAt)).toBe(true);
      expect(await lent.touch(key, expiresAt)).toBe(true);
      expect(await lent.touch(randomKey(), expiresAt)).toBe(false);
    } finally {
      await pool.end();
    }
  });

  it("write(key, change) larger than max_allowed_packet rejects TOO_LARGE and the provider keeps working", async () => {
    const [rows] = await fx.admin.query<RowDataPacket[]>("SELECT @@max_allowed_packet AS max");
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const huge = "x".repeat(Number(rows[0]!.max) + 1024);
    await expect(p.write(key, change({ huge }), later())).rejects.toSatisfy((e) => isSessError(e, "TOO_LARGE"));
    expect((await p.read(key))!.data).toEqual({ a: "1" });
  });

  it("mysqlProvider accepts a callback-API mysql2 pool and a connection object without a DSN", async () => {
    const url = new URL(mysqlUrl());
    const callbackPool = createCallbackPool({ uri: url.toString(), connectionLimit: 2 });
    const connection = { host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: url.pathname.slice(1) };
    const key = randomKey();
    try {
      const viaPool = await fx.provider({ pool: callbackPool, dsn: undefined, createTable: false });
      await viaPool.write(key, change({ a: "1" }, { isNew: true }), later());
      const viaConnection = await fx.provider({ connection, dsn: undefined, createTable: false });
      expect((await viaConnection.read(key))!.data).toEqual({ a: "1" });
    } finally {
      await new Promise((resolve) => callbackPool.end(resolve));
    }
  });

  it("rejects calls after close() with CLOSED, and close() leaves a user's pool open", async () => {
    const mine = await fx.provider({ createTable: false });
    await mine.close();
    await expect(mine.read(randomKey())).rejects.toSatisfy((e) => isSessError(e, "CLOSED"));
    const lent = await fx.provider({ pool: fx.admin, createTable: false, dsn: undefined });
    await lent.close();
    const [rows] = await fx.admin.query("SELECT 1 AS one");
    expect(rows).toEqual([{ one: 1 }]);
  });
});
