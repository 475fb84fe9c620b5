import { isSessError } from "@sess/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresProvider } from "../src/index.js";
import { Fixture, change, later, postgresUrl, randomKey } from "./support.js";

const fx = new Fixture();
let p: PostgresProvider;
beforeAll(async () => {
  p = await fx.provider();
});
afterAll(() => fx.cleanup());

describe("postgres provider basics", () => {
  it("write(key, new change) creates a record that read(key) returns", async () => {
    const key = randomKey();
    const createdAt = Date.now() - 5;
    const expiresAt = later();
    expect(await p.write(key, change({ a: "1", b: "2" }, { isNew: true, createdAt }), expiresAt)).toBe(true);
    const got = await p.read(key);
    expect(got).toEqual({ data: { a: "1", b: "2" }, createdAt, expiresAt });
    expect(Object.getPrototypeOf(got!.data)).toBe(null);
    expect(await p.exists(key)).toBe(true);
  });

  it("write(key, change) applies set and deleted per key and keeps the rest", async () => {
    const key = randomKey();
    await p.write(key, change({ a: "1", b: "2", c: "3" }, { isNew: true }), later());
    expect(await p.write(key, change({ b: "20", d: "4" }, { deleted: ["c"] }), later())).toBe(true);
    expect((await p.read(key))!.data).toEqual({ a: "1", b: "20", d: "4" });
  });

  it("write(key, clear change) removes every key before setting", async () => {
    const key = randomKey();
    await p.write(key, change({ a: "1", b: "2" }, { isNew: true }), later());
    await p.write(key, change({ c: "3" }, { clear: true }), later());
    expect((await p.read(key))!.data).toEqual({ c: "3" });
  });

  it("write(key, change) resolves false and creates nothing for an absent key", async () => {
    const key = randomKey();
    expect(await p.write(key, change({ a: "1" }), later())).toBe(false);
    expect(await p.read(key)).toBe(null);
  });

  it("write(key, change) and touch resolve true when nothing actually changes", async () => {
    const key = randomKey();
    const expiresAt = later();
    await p.write(key, change({ a: "1" }, { isNew: true }), expiresAt);
    expect(await p.write(key, change({ a: "1" }), expiresAt)).toBe(true);
    expect(await p.touch(key, expiresAt)).toBe(true);
  });

  it("write(key, change) does not revive a destroyed session", async () => {
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    await p.destroy(key);
    expect(await p.write(key, change({ a: "2" }), later())).toBe(false);
    expect(await p.read(key)).toBe(null);
  });

  it("write(key, change) does not revive an expired session", async () => {
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), Date.now() - 1000);
    expect(await p.write(key, change({ a: "2" }), later())).toBe(false);
    expect(await p.read(key)).toBe(null);
  });

  it("write(key, new change) over an expired row starts afresh", async () => {
    const key = randomKey();
    await p.write(key, change({ old: "1" }, { isNew: true, createdAt: 1 }), Date.now() - 1000);
    const createdAt = Date.now();
    await p.write(key, change({ fresh: "1" }, { isNew: true, createdAt }), later());
    expect(await p.read(key)).toMatchObject({ data: { fresh: "1" }, createdAt });
    expect(Object.keys((await p.read(key))!.data)).toEqual(["fresh"]);
  });

  it("write(key, new change) on a live row applies the change to it and keeps createdAt", async () => {
    const key = randomKey();
    await p.write(key, change({ a: "1", gone: "x" }, { isNew: true, createdAt: 1000 }), later());
    await p.write(key, change({ b: "2" }, { isNew: true, createdAt: 2000, deleted: ["gone"] }), later());
    expect(await p.read(key)).toMatchObject({ data: { a: "1", b: "2" }, createdAt: 1000 });
  });

  it("read(key) returns null for an expired record that GC has not removed", async () => {
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), Date.now() - 1);
    expect(await p.read(key)).toBe(null);
    expect(await p.exists(key)).toBe(false);
    expect(await p.touch(key, later())).toBe(false);
  });

  it("touch(key, expiresAt) changes only the expiry", async () => {
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const expiresAt = later(7_200_000);
    expect(await p.touch(key, expiresAt)).toBe(true);
    expect(await p.read(key)).toMatchObject({ data: { a: "1" }, expiresAt });
  });

  it("regenerate(old, new) moves data and times; old reads as absent", async () => {
    const [oldKey, newKey] = [randomKey(), randomKey()];
    await p.write(oldKey, change({ a: "1" }, { isNew: true, createdAt: 1234 }), later());
    const before = await p.read(oldKey);
    expect(await p.regenerate(oldKey, newKey)).toBe(true);
    expect(await p.read(oldKey)).toBe(null);
    expect(await p.read(newKey)).toEqual(before);
  });

  it("regenerate(old, new) resolves false and creates nothing when old is absent", async () => {
    const [oldKey, newKey] = [randomKey(), randomKey()];
    expect(await p.regenerate(oldKey, newKey)).toBe(false);
    expect(await p.read(newKey)).toBe(null);
  });

  it("regenerate(old, new) replaces an expired row left under the new key, in one statement", async () => {
    const [oldKey, newKey] = [randomKey(), randomKey()];
    await p.write(newKey, change({ stale: "1" }, { isNew: true }), Date.now() - 1);
    await p.write(oldKey, change({ a: "1" }, { isNew: true }), later());
    expect(await p.regenerate(oldKey, newKey)).toBe(true);
    expect((await p.read(newKey))!.data).toEqual({ a: "1" });
    expect(await p.read(oldKey)).toBe(null);
  });

  it("count() counts live rows and gc() removes expired ones in batches", async () => {
    const own = await fx.provider({ table: "gc_batches", gcBatchSize: 3 });
    for (let i = 0; i < 7; i++) await own.write(randomKey(), change({ i: String(i) }, { isNew: true }), Date.now() - 10);
    for (let i = 0; i < 2; i++) await own.write(randomKey(), change({ i: String(i) }, { isNew: true }), later());
    expect(await own.count()).toBe(2);
    expect(await own.gc()).toBe(7);
    expect(await own.gc()).toBe(0);
    expect(await own.count()).toBe(2);
  });

  it("rejects malformed storage keys with INVALID_KEY before any query", async () => {
    for (const bad of ["", "x", "A".repeat(64), `${"a".repeat(63)}'`, "a".repeat(65)]) {
      await expect(p.read(bad)).rejects.toSatisfy((e) => isSessError(e, "INVALID_KEY"));
      await expect(p.write(bad, change({ a: "1" }, { isNew: true }), later())).rejects.toSatisfy((e) => isSessError(e, "INVALID_KEY"));
      await expect(p.regenerate(randomKey(), bad)).rejects.toSatisfy((e) => isSessError(e, "INVALID_KEY"));
    }
  });

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
