import assert from "node:assert/strict";
import { defineGroup, type ConformanceCase } from "../group.js";
import { assertData, assertRejects } from "../support/assertions.js";
import { change, created, dataOf } from "../support/changes.js";

const MIB = 1024 * 1024;

/** A case that writes `data` to a new session and expects read() to return it unchanged. */
function roundTrip(name: string, data: Record<string, string> | [string, string][]): ConformanceCase {
  return {
    name,
    run: async (ctx) => {
      const key = ctx.key();
      const expected = dataOf(data);
      assert.equal(await ctx.provider.write(key, created(expected), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), expected);
    },
  };
}

/** Data keys and values are arbitrary strings: every one comes back exactly as written. */
export const valuesGroup = defineGroup("values", [
  roundTrip("write(key) round-trips unicode data keys and values, 4-byte UTF-8 included", [
    ["café", "naïve résumé"],
    ["日本語", "こんにちは世界"],
    ["emoji 😀", "🎉🧪👩🏽‍💻 and 𝄞"],
    ["עברית", "مرحبا"],
    ["e\u0301", "combining e\u0301 vs \u00e9"],
  ]),
  roundTrip("write(key) round-trips NUL, quotes, backslashes and control characters", [
    ["nul\u0000key", "nul\u0000value\u0000"],
    ['double"quote', 'say "hi"'],
    ["single'quote", "it's"],
    ["back\\slash", "C:\\path\\n\\u0000"],
    ["tab\tnew\nline\r", "\u0001\u001f\u007f\b\f"],
    ["`tick`", "${not.a.template}"],
  ]),
  roundTrip("write(key) round-trips data keys that look like paths, operators and queries", [
    ["a.b.c", "dots"],
    ["$set", "dollar"],
    ["a[0]", "brackets"],
    ["*", "star"],
    ["%_", "like wildcards"],
    ["'; DROP TABLE sessions; --", "sql"],
    ["{hash}tag", "redis cluster tag"],
    ["key:with:colons", "colons"],
    ["../../etc/passwd", "path"],
    [" spaced ", "spaces kept"],
    ["$.json.path", "json path"],
  ]),
  roundTrip("write(key) round-trips values that look like JSON, numbers and null", [
    ["null", "null"],
    ["zero", "0"],
    ["negative zero", "-0"],
    ["exponent", "1e3"],
    ["bool", "true"],
    ["object", "{}"],
    ["array", "[]"],
    ["quoted", '"quoted"'],
    ["nested", '{"a":{"b":[1,2,{"c":"d"}]},"e":null}'],
    ["big", "12345678901234567890123"],
  ]),
  roundTrip("write(key) round-trips empty-string values", { empty: "", other: "x", "also empty": "" }),
  roundTrip("write(key) round-trips a data key of 256 UTF-16 units", [
    ["k".repeat(256), "long ascii key"],
    ["😀".repeat(128), "long 4-byte key"],
  ]),
  {
    name: "write(key) treats __proto__, constructor and prototype as ordinary data keys",
    run: async (ctx) => {
      const key = ctx.key();
      const data = dataOf([
        ["__proto__", '{"polluted":"yes"}'],
        ["constructor", "c"],
        ["prototype", "p"],
        ["hasOwnProperty", "h"],
        ["toString", "t"],
      ]);
      await ctx.provider.write(key, created(data), ctx.longExpiry());
      const record = assertData(await ctx.provider.read(key), data);
      assert.equal(Object.getOwnPropertyDescriptor(record.data, "__proto__")?.value, '{"polluted":"yes"}');
      assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined, "Object.prototype was polluted");
      await ctx.provider.write(key, change({ deleted: ["__proto__", "constructor"] }), ctx.longExpiry());
      assertData(await ctx.provider.read(key), { prototype: "p", hasOwnProperty: "h", toString: "t" });
    },
  },
  {
    name: "write(key) stores 1000 data keys in one change and deletes 500 in the next",
    run: async (ctx) => {
      const key = ctx.key();
      const all = dataOf(Array.from({ length: 1000 }, (_, i) => [`key-${i}`, `value-${i}`] as [string, string]));
      await ctx.provider.write(key, created(all), ctx.longExpiry());
      assertData(await ctx.provider.read(key), all);
      const deleted = Object.keys(all).filter((_, i) => i % 2 === 0);
      await ctx.provider.write(key, change({ deleted }), ctx.longExpiry());
      for (const name of deleted) delete all[name];
      assertData(await ctx.provider.read(key), all);
    },
  },
  {
    name: "write(key) stores a 1 MiB value",
    unless: (o) => (o.maxDataBytes !== undefined && o.maxDataBytes <= MIB + 16 ? `maxDataBytes ${o.maxDataBytes} is below 1 MiB` : undefined),
    run: async (ctx) => {
      const key = ctx.key();
      const big = bigValue(MIB);
      await ctx.provider.write(key, created({ big, small: "s" }), ctx.longExpiry());
      assertData(await ctx.provider.read(key), { big, small: "s" });
    },
  },
  {
    name: "write(key) accepts data of exactly maxDataBytes",
    unless: (o) => (o.maxDataBytes === undefined ? "maxDataBytes is not set" : undefined),
    run: async (ctx) => {
      const key = ctx.key();
      // One data key "v" (1 byte) plus its value add up to the limit.
      const value = bigValue(ctx.options.maxDataBytes! - 1);
      assert.equal(await ctx.provider.write(key, created({ v: value }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), { v: value });
    },
  },
  {
    name: "write(key) rejects data over maxDataBytes with a SessError and keeps the record as it was",
    unless: (o) => (o.maxDataBytes === undefined ? "maxDataBytes is not set" : undefined),
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ kept: "1" }), ctx.longExpiry());
      const value = bigValue(ctx.options.maxDataBytes!);
      await assertRejects(() => ctx.provider.write(key, change({ set: { v: value } }), ctx.longExpiry()), undefined, "write(key) over maxDataBytes");
      assertData(await ctx.provider.read(key), { kept: "1" });
      const fresh = ctx.key();
      await assertRejects(() => ctx.provider.write(fresh, created({ v: value }), ctx.longExpiry()), undefined, "write(key, isNew) over maxDataBytes");
      assert.equal(await ctx.provider.read(fresh), null, "an oversized new session was stored");
    },
  },
]);

/** An ASCII string of exactly `bytes` bytes, varied so compression or dedup cannot hide truncation. */
function bigValue(bytes: number): string {
  const unit = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  return (unit.repeat(Math.ceil(bytes / unit.length)).slice(0, Math.max(0, bytes - 3)) + "end").slice(0, bytes);
}
