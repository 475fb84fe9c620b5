import assert from "node:assert/strict";
import { SessErrorCode } from "@sess/core/provider";
import { existsOf } from "../support/capabilities.js";
import { defineGroup } from "../group.js";
import { assertData, assertRejects, assertTime } from "../support/assertions.js";
import { change, created } from "../support/changes.js";

/** read, exists, write, destroy and close: the calls every other group builds on. */
export const basicGroup = defineGroup("basic", [
  {
    name: "read(key) returns null for a key never written",
    run: async (ctx) => {
      assert.equal(await ctx.provider.read(ctx.key()), null);
    },
  },
  {
    name: "exists(key) returns false for a key never written",
    run: async (ctx) => {
      assert.equal(await existsOf(ctx.provider, ctx.key()), false);
    },
  },
  {
    name: "write(key, isNew) resolves true and read(key) returns its data, createdAt and expiresAt",
    run: async (ctx) => {
      const key = ctx.key();
      const createdAt = Date.now() - 1234;
      const expiresAt = ctx.longExpiry();
      assert.equal(await ctx.provider.write(key, created({ user: "ada", role: "admin" }, createdAt), expiresAt), true);
      const record = assertData(await ctx.provider.read(key), { user: "ada", role: "admin" });
      const g = ctx.options.ttlGranularityMs;
      assertTime(record.createdAt, createdAt, g, "createdAt");
      assertTime(record.expiresAt, expiresAt, g, "expiresAt");
    },
  },
  {
    name: "exists(key) returns true after write(key, isNew)",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      assert.equal(await existsOf(ctx.provider, key), true);
    },
  },
  {
    name: "write(key, isNew) stores a session with no data",
    run: async (ctx) => {
      const key = ctx.key();
      assert.equal(await ctx.provider.write(key, created({}), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), {});
      assert.equal(await existsOf(ctx.provider, key), true);
    },
  },
  {
    name: "read(key) returns null after destroy(key)",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.destroy(key);
      assert.equal(await ctx.provider.read(key), null);
      assert.equal(await existsOf(ctx.provider, key), false);
    },
  },
  {
    name: "destroy(key) resolves for a key never written",
    run: async (ctx) => {
      await ctx.provider.destroy(ctx.key());
    },
  },
  {
    name: "destroy(key) leaves other records untouched",
    run: async (ctx) => {
      const [gone, kept] = [ctx.key(), ctx.key()];
      await ctx.provider.write(gone, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.write(kept, created({ b: "2" }), ctx.longExpiry());
      await ctx.provider.destroy(gone);
      assertData(await ctx.provider.read(kept), { b: "2" });
    },
  },
  {
    name: "write(key) of a change that is not new resolves false for an absent key and creates nothing",
    run: async (ctx) => {
      const key = ctx.key();
      assert.equal(await ctx.provider.write(key, change({ set: { a: "1" } }), ctx.longExpiry()), false);
      assert.equal(await ctx.provider.read(key), null);
      assert.equal(await existsOf(ctx.provider, key), false);
    },
  },
  {
    name: "write(key) of a change that is not new resolves false after destroy(key)",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.destroy(key);
      assert.equal(await ctx.provider.write(key, change({ set: { b: "2" } }), ctx.longExpiry()), false);
      assert.equal(await ctx.provider.read(key), null);
    },
  },
  {
    name: "write(key) of a change that is not new updates a live record and resolves true",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      assert.equal(await ctx.provider.write(key, change({ set: { b: "2" } }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), { a: "1", b: "2" });
    },
  },
  {
    name: "write(key) sets expiresAt to the time it is given",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      const later = ctx.longExpiry() + 60_000;
      await ctx.provider.write(key, change({ set: { b: "2" } }), later);
      const record = assertData(await ctx.provider.read(key), { a: "1", b: "2" });
      assertTime(record.expiresAt, later, ctx.options.ttlGranularityMs, "expiresAt");
    },
  },
  {
    name: "write(key, isNew) on a live record applies the change to it",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      assert.equal(await ctx.provider.write(key, created({ b: "2" }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), { a: "1", b: "2" });
    },
  },
  {
    name: "read(key) returns data the caller may change without changing the store",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      const first = assertData(await ctx.provider.read(key), { a: "1" });
      first.data.a = "changed";
      first.data.extra = "added";
      assertData(await ctx.provider.read(key), { a: "1" });
    },
  },
  {
    name: "read(key) after close() rejects with SessError CLOSED",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.close();
      await assertRejects(() => ctx.provider.read(key), SessErrorCode.CLOSED, "read(key) after close()");
    },
  },
  {
    name: "close() resolves when called twice",
    run: async (ctx) => {
      await ctx.provider.close();
      await ctx.provider.close();
    },
  },
]);
