import { isSessError } from "@sess/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA_VERSION, createTableSql, postgresProvider } from "../src/index.js";
import { Fixture, change, later, postgresUrl, randomKey } from "./support.js";

const fx = new Fixture();
beforeAll(() => fx.ready());
afterAll(() => fx.cleanup());

const rejectsConfig = (e: unknown) => isSessError(e, "INVALID_CONFIG");

describe("schema", () => {
  it("creates the table, its expiry index and the version comment on first use", async () => {
    await fx.provider({ table: "created" });
    const { rows } = await fx.admin.query<{ comment: string; indexdef: string }>(
      `SELECT obj_description(to_regclass($1), 'pg_class') AS comment, i.indexdef FROM pg_indexes i WHERE i.schemaname = $2 AND i.tablename = 'created' AND i.indexname = 'created_expires_at_idx'`,
      [`"${fx.schema}"."created"`, fx.schema],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.comment).toBe(`sess:provider-postgres schema=${SCHEMA_VERSION}`);
    expect(rows[0]!.indexdef).toMatch(/USING btree \(expires_at\)/);
  });

  it("six providers opening on one new table at once all succeed (advisory lock, no catalog race)", async () => {
    const providers = await Promise.all(Array.from({ length: 6 }, () => fx.provider({ table: "raced", max: 1 })));
    const key = randomKey();
    await providers[0]!.write(key, change({ a: "1" }, { isNew: true }), later());
    expect((await providers[5]!.read(key))!.data).toEqual({ a: "1" });
  });

  it("createTableSql is the DDL the provider runs: a table made with it opens with createTable false", async () => {
    await fx.admin.query(createTableSql(fx.schema, "by_hand"));
    const p = await fx.provider({ table: "by_hand", createTable: false });
    const key = randomKey();
    expect(await p.write(key, change({ a: "1" }, { isNew: true }), later())).toBe(true);
    expect((await p.read(key))!.data).toEqual({ a: "1" });
  });

  it("rejects INVALID_CONFIG for a missing table with createTable false, a missing schema, a foreign table and a newer schema", async () => {
    await expect(fx.provider({ table: "absent", createTable: false })).rejects.toSatisfy(rejectsConfig);
    await expect(postgresProvider({ url: postgresUrl(), schema: `${fx.schema}_missing` })).rejects.toSatisfy(rejectsConfig);
    await fx.admin.query(`CREATE TABLE "${fx.schema}".foreign_t (key text PRIMARY KEY)`);
    await expect(fx.provider({ table: "foreign_t" })).rejects.toSatisfy((e) => rejectsConfig(e) && /not created by/.test(String(e)));
    await fx.admin.query(createTableSql(fx.schema, "future"));
    await fx.admin.query(`COMMENT ON TABLE "${fx.schema}".future IS 'sess:provider-postgres schema=${SCHEMA_VERSION + 1}'`);
    await expect(fx.provider({ table: "future" })).rejects.toSatisfy((e) => rejectsConfig(e) && /newer/.test(String(e)));
  });

  it("schema and table travel in the URL too, and the registered factory reads them", async () => {
    const url = new URL(postgresUrl());
    url.searchParams.set("schema", fx.schema);
    url.searchParams.set("table", "from_url");
    const p = await postgresProvider({ maxLifetime: 60, config: url.toString() });
    try {
      await p.write(randomKey(), change({ a: "1" }, { isNew: true }), later());
      const { rows } = await fx.admin.query<{ n: string }>(`SELECT count(*) AS n FROM "${fx.schema}".from_url`);
      expect(rows[0]!.n).toBe("1");
    } finally {
      await p.close();
    }
  });
});
