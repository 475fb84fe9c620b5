import assert from "node:assert/strict";
import { existsOf } from "../support/capabilities.js";
import { defineGroup } from "../group.js";
import { assertData, assertTime } from "../support/assertions.js";
import { change, created } from "../support/changes.js";

/** write() applies only what a ChangeSet names: keys set, keys deleted, `clear`. */
export const changeSetGroup = defineGroup("change-sets", [
  {
    name: "write(key) applies set and deleted and leaves other data keys untouched",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ keep: "1", drop: "2", replace: "3" }), ctx.longExpiry());
      assert.equal(await ctx.provider.write(key, change({ set: { replace: "33", add: "4" }, deleted: ["drop"] }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), { keep: "1", replace: "33", add: "4" });
    },
  },
  {
    name: "write(key) with clear removes every stored data key before applying set",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1", b: "2" }), ctx.longExpiry());
      assert.equal(await ctx.provider.write(key, change({ clear: true, set: { c: "3" } }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), { c: "3" });
    },
  },
  {
    name: "write(key) with clear and nothing set keeps the session with no data",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      assert.equal(await ctx.provider.write(key, change({ clear: true }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), {});
      assert.equal(await existsOf(ctx.provider, key), true);
    },
  },
  {
    name: "write(key) with clear resolves false for an absent key and creates nothing",
    run: async (ctx) => {
      const key = ctx.key();
      assert.equal(await ctx.provider.write(key, change({ clear: true, set: { a: "1" } }), ctx.longExpiry()), false);
      assert.equal(await ctx.provider.read(key), null);
    },
  },
  {
    name: "write(key) with an empty change keeps the data and sets expiresAt",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      const later = ctx.longExpiry() + 120_000;
      assert.equal(await ctx.provider.write(key, change(), later), true);
      const record = assertData(await ctx.provider.read(key), { a: "1" });
      assertTime(record.expiresAt, later, ctx.options.ttlGranularityMs, "expiresAt");
    },
  },
  {
    name: "write(key) deleting a data key that is not stored changes nothing else",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      assert.equal(await ctx.provider.write(key, change({ deleted: ["missing"] }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), { a: "1" });
    },
  },
  {
    name: "write(key) deleting every data key keeps the session",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1", b: "2" }), ctx.longExpiry());
      assert.equal(await ctx.provider.write(key, change({ deleted: ["a", "b"] }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), {});
      assert.equal(await existsOf(ctx.provider, key), true);
    },
  },
  {
    name: "write(key) of a change that is not new keeps createdAt",
    run: async (ctx) => {
      const key = ctx.key();
      const createdAt = Date.now() - 60_000;
      await ctx.provider.write(key, created({ a: "1" }, createdAt), ctx.longExpiry());
      await ctx.provider.write(key, change({ set: { b: "2" }, createdAt: Date.now() }), ctx.longExpiry());
      const record = assertData(await ctx.provider.read(key), { a: "1", b: "2" });
      assertTime(record.createdAt, createdAt, ctx.options.ttlGranularityMs, "createdAt");
    },
  },
  {
    name: "write(key) changes only its own record",
    run: async (ctx) => {
      const [one, two] = [ctx.key(), ctx.key()];
      await ctx.provider.write(one, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.write(two, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.write(one, change({ set: { a: "changed" }, deleted: [] }), ctx.longExpiry());
      await ctx.provider.write(one, change({ clear: true }), ctx.longExpiry());
      assertData(await ctx.provider.read(two), { a: "1" });
    },
  },
]);
