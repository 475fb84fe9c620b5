import { isSessError } from "@sess/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresProvider } from "../src/index.js";
import { providerBasics } from "@sess/test-support/provider";
import { Fixture, change, later, postgresUrl, randomKey } from "./support.js";

const fx = new Fixture();
let p: PostgresProvider;
beforeAll(async () => {
  p = await fx.provider();
});
afterAll(() => fx.cleanup());

describe("postgres provider basics", () => {
  providerBasics(
    () => p,
    () => fx.provider({ table: "gc_batches", gcBatchSize: 3 }),
  );

  it("rejects calls after close() with CLOSED, and close() leaves a user's pool open", async () => {
    const mine = await fx.provider({ createTable: false });
    await mine.close();
    await expect(mine.read(randomKey())).rejects.toSatisfy((e) => isSessError(e, "CLOSED"));
    const lent = await fx.provider({ pool: fx.admin, createTable: false });
    await lent.close();
    expect((await fx.admin.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("a user's pool with its own type parsers (jsonb and int8 left as text) reads the same records", async () => {
    const types = { getTypeParser: () => (value: string) => value };
    const pool = new pg.Pool({ connectionString: postgresUrl(), max: 2, types });
    try {
      const lent = await fx.provider({ pool, createTable: false });
      const key = randomKey();
      const expiresAt = later();
      await p.write(key, change({ a: "1", "n\u0000ul": "\u0000" }, { isNew: true, createdAt: 42 }), expiresAt);
      expect(await lent.read(key)).toEqual({ data: { a: "1", "n\u0000ul": "\u0000" }, createdAt: 42, expiresAt });
    } finally {
      await pool.end();
    }
  });
});
