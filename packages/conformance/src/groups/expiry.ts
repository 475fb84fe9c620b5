import assert from "node:assert/strict";
import { existsOf } from "../support/capabilities.js";
import { defineGroup } from "../group.js";
import { assertData, assertTime } from "../support/assertions.js";
import { change, created } from "../support/changes.js";
import { expiredRecord } from "../support/records.js";

/** Expiry is enforced on every read, and touch() moves it without rewriting data. */
export const expiryGroup = defineGroup("expiry", [
  {
    name: "read(key) returns null once expiresAt has passed",
    run: async (ctx) => {
      const key = await expiredRecord(ctx);
      assert.equal(await ctx.provider.read(key), null, "read(key) returned a record whose expiresAt has passed");
    },
  },
  {
    name: "exists(key) returns false once expiresAt has passed",
    run: async (ctx) => {
      const key = await expiredRecord(ctx);
      assert.equal(await existsOf(ctx.provider, key), false);
    },
  },
  {
    name: "write(key) of a change that is not new resolves false once expiresAt has passed",
    run: async (ctx) => {
      const key = await expiredRecord(ctx);
      assert.equal(await ctx.provider.write(key, change({ set: { b: "2" } }), ctx.longExpiry()), false);
      assert.equal(await ctx.provider.read(key), null);
    },
  },
  {
    name: "write(key, isNew) after expiry does not bring back the expired data",
    run: async (ctx) => {
      const key = await expiredRecord(ctx, { old: "1" });
      assert.equal(await ctx.provider.write(key, created({ fresh: "2" }), ctx.longExpiry()), true);
      assertData(await ctx.provider.read(key), { fresh: "2" });
    },
  },
  {
    name: "touch(key) resolves false once expiresAt has passed and does not revive the record",
    run: async (ctx) => {
      const key = await expiredRecord(ctx);
      assert.equal(await ctx.provider.touch(key, ctx.longExpiry()), false);
      assert.equal(await ctx.provider.read(key), null);
    },
  },
  {
    name: "touch(key) extends expiresAt so read(key) still returns the record after the old expiry",
    run: async (ctx) => {
      const key = ctx.key();
      const expiresAt = ctx.shortExpiry(1500);
      await ctx.provider.write(key, created({ a: "1" }), expiresAt);
      const later = ctx.longExpiry();
      assert.equal(await ctx.provider.touch(key, later), true);
      await ctx.waitPast(expiresAt);
      const record = assertData(await ctx.provider.read(key), { a: "1" });
      assertTime(record.expiresAt, later, ctx.options.ttlGranularityMs, "expiresAt after touch");
    },
  },
  {
    name: "touch(key) sets an earlier expiresAt too",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      const sooner = ctx.shortExpiry();
      assert.equal(await ctx.provider.touch(key, sooner), true);
      await ctx.waitPast(sooner);
      assert.equal(await ctx.provider.read(key), null);
    },
  },
  {
    name: "touch(key) keeps data and createdAt",
    run: async (ctx) => {
      const key = ctx.key();
      const createdAt = Date.now() - 5000;
      await ctx.provider.write(key, created({ a: "1", b: "2" }, createdAt), ctx.longExpiry());
      assert.equal(await ctx.provider.touch(key, ctx.longExpiry() + 1000), true);
      const record = assertData(await ctx.provider.read(key), { a: "1", b: "2" });
      assertTime(record.createdAt, createdAt, ctx.options.ttlGranularityMs, "createdAt after touch");
    },
  },
  {
    name: "touch(key) resolves false for a key never written and creates nothing",
    run: async (ctx) => {
      const key = ctx.key();
      assert.equal(await ctx.provider.touch(key, ctx.longExpiry()), false);
      assert.equal(await ctx.provider.read(key), null);
      assert.equal(await existsOf(ctx.provider, key), false);
    },
  },
  {
    name: "touch(key) resolves false after destroy(key) and creates nothing",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.destroy(key);
      assert.equal(await ctx.provider.touch(key, ctx.longExpiry()), false);
      assert.equal(await ctx.provider.read(key), null);
    },
  },
  {
    name: "touch(key) keeps writes that run at the same time",
    run: async (ctx) => {
      // A touch that reads the record and writes it back whole would undo a write landing in between.
      const key = ctx.key();
      await ctx.provider.write(key, created({ base: "0" }), ctx.longExpiry());
      const expected: Record<string, string> = { base: "0" };
      for (let round = 0; round < 20; round++) {
        expected[`k${round}`] = String(round);
        const write = () => ctx.provider.write(key, change({ set: { [`k${round}`]: String(round) } }), ctx.longExpiry());
        const touch = () => ctx.provider.touch(key, ctx.longExpiry());
        // Alternate which call starts first, so either order of arrival is tried.
        const [written, touched] =
          round % 2 === 0 ? await Promise.all([write(), touch()]) : await Promise.all([touch(), write()]).then(([t, w]) => [w, t]);
        assert.equal(written, true, `write in round ${round} resolved false`);
        assert.equal(touched, true, `touch in round ${round} resolved false`);
      }
      assertData(await ctx.provider.read(key), expected);
    },
  },
]);
