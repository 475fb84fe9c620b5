import assert from "node:assert/strict";
import { existsOf } from "../support/capabilities.js";
import { defineGroup } from "../group.js";
import { assertData, assertTime } from "../support/assertions.js";
import { change, created } from "../support/changes.js";
import { expiredRecord } from "../support/records.js";

/** regenerate() moves a record to a new key; the old key is gone at once. */
export const regenerateGroup = defineGroup("regenerate", [
  {
    name: "regenerate(old, new) resolves true and moves data, createdAt and expiresAt to new",
    run: async (ctx) => {
      const [from, to] = [ctx.key(), ctx.key()];
      const createdAt = Date.now() - 10_000;
      const expiresAt = ctx.longExpiry();
      await ctx.provider.write(from, created({ user: "ada", n: "1" }, createdAt), expiresAt);
      assert.equal(await ctx.provider.regenerate(from, to), true);
      const record = assertData(await ctx.provider.read(to), { user: "ada", n: "1" }, "read(new)");
      const g = ctx.options.ttlGranularityMs;
      assertTime(record.createdAt, createdAt, g, "createdAt at the new key");
      assertTime(record.expiresAt, expiresAt, g, "expiresAt at the new key");
    },
  },
  {
    name: "read(old) returns null after regenerate(old, new)",
    run: async (ctx) => {
      const [from, to] = [ctx.key(), ctx.key()];
      await ctx.provider.write(from, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.regenerate(from, to);
      assert.equal(await ctx.provider.read(from), null);
      assert.equal(await existsOf(ctx.provider, from), false);
    },
  },
  {
    name: "write(old) of a change that is not new resolves false after regenerate(old, new)",
    run: async (ctx) => {
      const [from, to] = [ctx.key(), ctx.key()];
      await ctx.provider.write(from, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.regenerate(from, to);
      assert.equal(await ctx.provider.write(from, change({ set: { b: "2" } }), ctx.longExpiry()), false);
      assert.equal(await ctx.provider.read(from), null);
      assertData(await ctx.provider.read(to), { a: "1" }, "read(new)");
    },
  },
  {
    name: "regenerate(old, new) resolves false for an absent old key and creates nothing at new",
    run: async (ctx) => {
      const [from, to] = [ctx.key(), ctx.key()];
      assert.equal(await ctx.provider.regenerate(from, to), false);
      assert.equal(await ctx.provider.read(to), null);
      assert.equal(await existsOf(ctx.provider, to), false);
      assert.equal(await ctx.provider.read(from), null);
    },
  },
  {
    name: "regenerate(old, new) resolves false after destroy(old) and creates nothing at new",
    run: async (ctx) => {
      const [from, to] = [ctx.key(), ctx.key()];
      await ctx.provider.write(from, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.destroy(from);
      assert.equal(await ctx.provider.regenerate(from, to), false);
      assert.equal(await ctx.provider.read(to), null);
    },
  },
  {
    name: "regenerate(old, new) resolves false once old has expired and creates nothing at new",
    run: async (ctx) => {
      const [from, to] = [await expiredRecord(ctx), ctx.key()];
      assert.equal(await ctx.provider.regenerate(from, to), false);
      assert.equal(await ctx.provider.read(to), null);
    },
  },
  {
    name: "write(new) after regenerate(old, new) changes the moved record",
    run: async (ctx) => {
      const [from, to] = [ctx.key(), ctx.key()];
      await ctx.provider.write(from, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.regenerate(from, to);
      assert.equal(await ctx.provider.write(to, change({ set: { b: "2" }, deleted: ["a"] }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(to), { b: "2" }, "read(new)");
    },
  },
  {
    name: "regenerate(old, new) leaves other records untouched",
    run: async (ctx) => {
      const [from, to, other] = [ctx.key(), ctx.key(), ctx.key()];
      await ctx.provider.write(other, created({ other: "yes" }), ctx.longExpiry());
      await ctx.provider.write(from, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.regenerate(from, to);
      assertData(await ctx.provider.read(other), { other: "yes" }, "read(other)");
    },
  },
]);
