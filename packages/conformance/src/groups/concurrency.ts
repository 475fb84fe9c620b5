import assert from "node:assert/strict";
import { existsOf } from "../support/capabilities.js";
import { defineGroup } from "../group.js";
import { assertData } from "../support/assertions.js";
import { change, created, dataOf } from "../support/changes.js";

const WRITERS = 50;

/** Concurrent requests on one session: no lost update, no resurrection. */
export const concurrencyGroup = defineGroup("concurrency", [
  {
    name: `write(key) keeps every change when ${WRITERS} writers set different data keys at once`,
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ base: "0" }), ctx.longExpiry());
      const expected = dataOf({ base: "0" });
      const writes = Array.from({ length: WRITERS }, (_, i) => {
        expected[`w${i}`] = `value ${i}`;
        return ctx.provider.write(key, change({ set: { [`w${i}`]: `value ${i}` } }), ctx.longExpiry());
      });
      const results = await Promise.all(writes);
      assert.deepEqual(results.filter((r) => r !== true).length, 0, "some concurrent writes resolved false");
      assertData(await ctx.provider.read(key), expected);
    },
  },
  {
    name: "write(key) keeps a delete and a set that run at the same time",
    run: async (ctx) => {
      const key = ctx.key();
      for (let round = 0; round < 10; round++) {
        await ctx.provider.write(key, created({ gone: "x", kept: "y" }), ctx.longExpiry());
        await Promise.all([
          ctx.provider.write(key, change({ deleted: ["gone"] }), ctx.longExpiry()),
          ctx.provider.write(key, change({ set: { added: String(round) } }), ctx.longExpiry()),
        ]);
        assertData(await ctx.provider.read(key), { kept: "y", added: String(round) }, `read(key) in round ${round}`);
        await ctx.provider.destroy(key);
      }
    },
  },
  {
    name: "write(key, isNew) from two writers at once keeps both changes",
    run: async (ctx) => {
      const key = ctx.key();
      const results = await Promise.all([
        ctx.provider.write(key, created({ first: "1" }), ctx.longExpiry()),
        ctx.provider.write(key, created({ second: "2" }), ctx.longExpiry()),
      ]);
      assert.deepEqual(results, [true, true]);
      assertData(await ctx.provider.read(key), { first: "1", second: "2" });
    },
  },
  {
    name: "read(key) returns null after destroy(key) raced writes that were not new",
    run: async (ctx) => {
      // Each write lands before the destroy (and is destroyed with the record) or after it
      // (and finds no record): either way nothing may survive.
      for (let round = 0; round < 5; round++) {
        const key = ctx.key();
        await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
        const write = (i: number) => ctx.provider.write(key, change({ set: { [`w${i}`]: "x" } }), ctx.longExpiry());
        // The destroy starts at a different point among the writes each round.
        const before = Array.from({ length: round * 4 }, (_, i) => write(i));
        const destroyed = ctx.provider.destroy(key);
        const after = Array.from({ length: 20 - round * 4 }, (_, i) => write(round * 4 + i));
        await Promise.all([...before, destroyed, ...after]);
        assert.equal(await ctx.provider.read(key), null, `read(key) found a record after destroy in round ${round}`);
        assert.equal(await existsOf(ctx.provider, key), false);
      }
    },
  },
  {
    name: "write(key) of a change that is not new resolves false for every write after destroy(key) settled",
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.destroy(key);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ctx.provider.write(key, change({ set: { [`w${i}`]: "x" } }), ctx.longExpiry())),
      );
      assert.deepEqual(results.filter((r) => r !== false).length, 0, "a write after destroy resolved true");
      assert.equal(await ctx.provider.read(key), null);
    },
  },
  {
    name: "regenerate(old, new) racing writes to old keeps every write that resolved true",
    run: async (ctx) => {
      // A write that resolved true landed on the old record before the move, so the move carried it.
      const [from, to] = [ctx.key(), ctx.key()];
      await ctx.provider.write(from, created({ base: "0" }), ctx.longExpiry());
      const write = (i: number) =>
        ctx.provider.write(from, change({ set: { [`w${i}`]: "x" } }), ctx.longExpiry()).then((ok) => [`w${i}`, ok] as const);
      const writes = Array.from({ length: 10 }, (_, i) => write(i));
      const moved = ctx.provider.regenerate(from, to);
      writes.push(...Array.from({ length: 10 }, (_, i) => write(10 + i)));
      const settled = await Promise.all(writes);
      assert.equal(await moved, true);
      const expected = dataOf({ base: "0" });
      for (const [name, ok] of settled) if (ok) expected[name] = "x";
      assert.equal(await ctx.provider.read(from), null, "read(old) found a record after regenerate");
      assertData(await ctx.provider.read(to), expected, "read(new)");
    },
  },
  {
    name: "write(key) keeps changes to different sessions apart when they run at once",
    run: async (ctx) => {
      const keys = Array.from({ length: 10 }, () => ctx.key());
      await Promise.all(keys.map((key, i) => ctx.provider.write(key, created({ owner: String(i) }), ctx.longExpiry())));
      await Promise.all(keys.map((key, i) => ctx.provider.write(key, change({ set: { n: String(i) } }), ctx.longExpiry())));
      for (const [i, key] of keys.entries()) assertData(await ctx.provider.read(key), { owner: String(i), n: String(i) }, `read(key ${i})`);
    },
  },
]);
