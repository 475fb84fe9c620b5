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

  it("upgrades a schema-1 table in place under the advisory lock, keeping its rows, even when processes race", async () => {
    const t = `"${fx.schema}".v1_t`;
    await fx.admin.query(`CREATE TABLE ${t} (key text COLLATE "C" NOT NULL PRIMARY KEY, data jsonb NOT NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL)`);
    await fx.admin.query(`COMMENT ON TABLE ${t} IS 'sess:provider-postgres schema=1'`);
    const key = randomKey();
    await fx.admin.query(`INSERT INTO ${t} VALUES ($1, '{"a":"1"}', $2, $3)`, [key, Date.now(), later()]);
    await expect(fx.provider({ table: "v1_t", createTable: false })).rejects.toSatisfy((e) => rejectsConfig(e) && /schema 1: run ALTER TABLE/.test(String(e)));
    const providers = await Promise.all(Array.from({ length: 3 }, () => fx.provider({ table: "v1_t", max: 1 })));
    const { rows } = await fx.admin.query<{ comment: string }>(`SELECT obj_description(to_regclass($1), 'pg_class') AS comment`, [t]);
    expect(rows[0]!.comment).toBe("sess:provider-postgres schema=2");
    expect((await providers[0]!.read(key))!.data).toEqual({ a: "1" });
    await providers[1]!.write(key, change({}, { subject: "ann" }), later());
    expect((await providers[2]!.listSubject("ann")).map((e) => e.key)).toEqual([key]);
  });

  it("stores a subject holding NUL (which PostgreSQL text cannot) and keeps it apart from its neighbours", async () => {
    const p = await fx.provider({ table: "nul_subjects" });
    const [k1, k2] = [randomKey(), randomKey()];
    await p.write(k1, change({ a: "1" }, { isNew: true, subject: "a\u0000b" }), later());
    await p.write(k2, change({ a: "1" }, { isNew: true, subject: "a" }), later());
    expect((await p.read(k1))!.subject).toBe("a\u0000b");
    expect((await p.listSubject("a\u0000b")).map((e) => e.key)).toEqual([k1]);
    expect(await p.destroySubject("a")).toBe(1);
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

  it("rejects INVALID_CONFIG at open for a table with sess's comment but another shape", async () => {
    const foreign = async (table: string, columns: string): Promise<unknown> => {
      await fx.admin.query(`CREATE TABLE "${fx.schema}".${table} (${columns})`);
      await fx.admin.query(`COMMENT ON TABLE "${fx.schema}".${table} IS 'sess:provider-postgres schema=${SCHEMA_VERSION}'`);
      return fx.provider({ table }).then(
        () => undefined,
        (e: unknown) => e,
      );
    };
    const base = "key text PRIMARY KEY, data jsonb NOT NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL, subject text";
    const cases: [string, string, RegExp][] = [
      ["shape_no_subject", "key text PRIMARY KEY, data jsonb NOT NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL", /no column subject/],
      ["shape_text_data", "key text PRIMARY KEY, data text NOT NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL, subject text", /data is text, not jsonb/],
      ["shape_ts_expiry", "key text PRIMARY KEY, data jsonb NOT NULL, created_at bigint NOT NULL, expires_at timestamptz NOT NULL, subject text", /expires_at is timestamp with time zone/],
      ["shape_no_pk", "key text, data jsonb NOT NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL, subject text", /no unique index/],
      ["shape_extra", `${base}, tenant int NOT NULL`, /tenant is NOT NULL without a default/],
    ];
    for (const [table, columns, why] of cases) {
      const err = await foreign(table, columns);
      expect(isSessError(err, "INVALID_CONFIG") && why.test(String(err)), `${table}: ${String(err)}`).toBe(true);
    }
    // Extra columns that take care of themselves are fine.
    await fx.admin.query(`CREATE TABLE "${fx.schema}".shape_ok (${base}, note text, at timestamptz NOT NULL DEFAULT now())`);
    await fx.admin.query(`COMMENT ON TABLE "${fx.schema}".shape_ok IS 'sess:provider-postgres schema=${SCHEMA_VERSION}'`);
    const p = await fx.provider({ table: "shape_ok" });
    expect(await p.write(randomKey(), change({ a: "1" }, { isNew: true }), later())).toBe(true);
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
