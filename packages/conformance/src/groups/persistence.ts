import assert from "node:assert/strict";
import { defineGroup } from "../group.js";
import { assertData, assertTime } from "../support/assertions.js";
import { change, created } from "../support/changes.js";

/** Records survive close() and a new provider on the same storage, for stores that persist. */
export const persistenceGroup = defineGroup(
  "persistence",
  [
    {
      name: "read(key) after close() and reopen returns the record with its data, createdAt and expiresAt",
      run: async (ctx) => {
        const key = ctx.key();
        const createdAt = Date.now() - 3000;
        const expiresAt = ctx.longExpiry();
        await ctx.provider.write(key, created({ user: "ada", "ü😀": "\u0000x" }, createdAt), expiresAt);
        await ctx.provider.write(key, change({ set: { later: "1" } }), expiresAt);
        const reopened = await ctx.reopen();
        const record = assertData(await reopened.read(key), { user: "ada", "ü😀": "\u0000x", later: "1" }, "read(key) after reopen");
        const g = ctx.options.ttlGranularityMs;
        assertTime(record.createdAt, createdAt, g, "createdAt after reopen");
        assertTime(record.expiresAt, expiresAt, g, "expiresAt after reopen");
      },
    },
    {
      name: "read(key) after destroy(key), close() and reopen returns null",
      run: async (ctx) => {
        const key = ctx.key();
        await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
        await ctx.provider.destroy(key);
        const reopened = await ctx.reopen();
        assert.equal(await reopened.read(key), null);
      },
    },
    {
      name: "read(old) and read(new) after regenerate(old, new), close() and reopen show the move",
      run: async (ctx) => {
        const [from, to] = [ctx.key(), ctx.key()];
        await ctx.provider.write(from, created({ a: "1" }), ctx.longExpiry());
        await ctx.provider.regenerate(from, to);
        const reopened = await ctx.reopen();
        assert.equal(await reopened.read(from), null);
        assertData(await reopened.read(to), { a: "1" }, "read(new) after reopen");
      },
    },
    {
      name: "touch(key) before close() keeps the new expiresAt after reopen",
      run: async (ctx) => {
        const key = ctx.key();
        await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
        const later = ctx.longExpiry() + 300_000;
        await ctx.provider.touch(key, later);
        const reopened = await ctx.reopen();
        const record = assertData(await reopened.read(key), { a: "1" }, "read(key) after reopen");
        assertTime(record.expiresAt, later, ctx.options.ttlGranularityMs, "expiresAt after reopen");
      },
    },
    {
      name: "read(key) after reopen returns null once expiresAt has passed",
      run: async (ctx) => {
        const key = ctx.key();
        const expiresAt = ctx.shortExpiry();
        await ctx.provider.write(key, created({ a: "1" }), expiresAt);
        const reopened = await ctx.reopen();
        await ctx.waitPast(expiresAt);
        assert.equal(await reopened.read(key), null);
      },
    },
    {
      name: "write(key) of a change that is not new after reopen updates the stored record",
      run: async (ctx) => {
        const key = ctx.key();
        await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
        const reopened = await ctx.reopen();
        assert.equal(await reopened.write(key, change({ set: { b: "2" } }), ctx.longExpiry()), true);
        assertData(await reopened.read(key), { a: "1", b: "2" }, "read(key) after reopen");
      },
    },
  ],
  (o) => (o.persistent ? undefined : "persistent is not set: the store does not keep records across close()"),
);
