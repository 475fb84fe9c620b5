import assert from "node:assert/strict";
import type { CaseContext } from "../context.js";
import { defineGroup } from "../group.js";
import { created } from "../support/changes.js";
import { sleep } from "../support/time.js";

// count() and gc() see the whole store, so these tests compare before and after instead of
// expecting absolute numbers; give each createProvider its own namespace so nothing else writes meanwhile.

/** count() counts live records only; gc() removes expired ones and keeps live ones. */
export const countGcGroup = defineGroup("count-gc", [
  {
    name: "count() counts each record written",
    run: async (ctx) => {
      const before = await ctx.provider.count();
      for (let i = 0; i < 3; i++) await ctx.provider.write(ctx.key(), created({ i: String(i) }), ctx.longExpiry());
      assert.equal(await ctx.provider.count(), before + 3);
    },
  },
  {
    name: "count() does not count destroyed records",
    run: async (ctx) => {
      const keys = [ctx.key(), ctx.key(), ctx.key()];
      const before = await ctx.provider.count();
      for (const key of keys) await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.destroy(keys[0]!);
      assert.equal(await ctx.provider.count(), before + 2);
    },
  },
  {
    name: "count() does not count expired records",
    run: async (ctx) => {
      const before = await ctx.provider.count();
      const expiresAt = ctx.shortExpiry();
      await ctx.provider.write(ctx.key(), created({ a: "1" }), expiresAt);
      await ctx.provider.write(ctx.key(), created({ a: "2" }), expiresAt);
      await ctx.provider.write(ctx.key(), created({ a: "3" }), ctx.longExpiry());
      await ctx.waitPast(expiresAt);
      assert.equal(await ctx.provider.count(), before + 1);
    },
  },
  {
    name: "count() does not count a regenerated record twice",
    run: async (ctx) => {
      const [from, to] = [ctx.key(), ctx.key()];
      const before = await ctx.provider.count();
      await ctx.provider.write(from, created({ a: "1" }), ctx.longExpiry());
      await ctx.provider.regenerate(from, to);
      assert.equal(await ctx.provider.count(), before + 1);
    },
  },
  {
    name: "gc() resolves a non-negative integer and keeps live records",
    needs: ["gc"],
    run: async (ctx) => {
      const key = ctx.key();
      await ctx.provider.write(key, created({ a: "1" }), ctx.longExpiry());
      const removed = await gcOf(ctx);
      assert.ok(Number.isInteger(removed) && removed >= 0, `gc() resolved ${String(removed)}, expected a non-negative integer`);
      assert.notEqual(await ctx.provider.read(key), null, "gc() removed a live record");
    },
  },
  {
    name: "gc() removes expired records and reports them",
    needs: ["gc"],
    unless: (o) => (o.selfExpiring ? "selfExpiring: the store deletes expired records itself" : undefined),
    run: async (ctx) => {
      const live = ctx.key();
      const expiresAt = ctx.shortExpiry();
      await ctx.provider.write(ctx.key(), created({ a: "1" }), expiresAt);
      await ctx.provider.write(ctx.key(), created({ a: "2" }), expiresAt);
      await ctx.provider.write(live, created({ a: "3" }), ctx.longExpiry());
      await ctx.waitPast(expiresAt);
      // A store may collect in time slices, so poll gc() for a while rather than expect one pass to find both.
      let removed = 0;
      const until = Date.now() + 5000 + 3 * ctx.options.ttlGranularityMs;
      while (removed < 2 && Date.now() < until) {
        removed += await gcOf(ctx);
        if (removed < 2) await sleep(100);
      }
      assert.ok(removed >= 2, `gc() reported ${removed} removed records, expected at least the 2 that expired`);
      assert.notEqual(await ctx.provider.read(live), null, "gc() removed a live record");
    },
  },
]);

// Only cases that declare needs: ["gc"] call this, and the runner skips them when gc is absent.
function gcOf(ctx: CaseContext): Promise<number> {
  const gc = ctx.provider.gc?.bind(ctx.provider);
  if (gc === undefined) throw new Error("gc() is not implemented");
  return gc();
}
