import assert from "node:assert/strict";
import type { Provider } from "@sess/core/provider";
import type { CaseContext } from "../context.js";
import { defineGroup } from "../group.js";
import { assertData } from "../support/assertions.js";
import { existsOf } from "../support/capabilities.js";
import { change, created } from "../support/changes.js";

const HOURS_2 = 2 * 3_600_000;
const MINUTE = 60_000;

/** A clock the test moves by hand, starting `offsetMs` from the host's. */
class ManualClock {
  time: number;
  constructor(offsetMs: number) {
    this.time = Date.now() + offsetMs;
  }
  readonly now = (): number => this.time;
}

/** What a case works with: its provider on a hand-moved clock, and a record live on that clock for a minute. */
interface Setup {
  provider: Provider;
  clock: ManualClock;
  key: string;
}

/** Opens the case's provider through the suite's `clock` option on a clock `offsetMs` from the host's, and writes { a: "1" }. */
async function onClock(ctx: CaseContext, offsetMs: number): Promise<Setup> {
  const open = ctx.options.clock!;
  const clock = new ManualClock(offsetMs);
  const provider = await ctx.open(() => open(clock.now));
  const key = ctx.key();
  assert.equal(await provider.write(key, created({ a: "1" }, clock.time), clock.time + MINUTE), true);
  return { provider, clock, key };
}

/** Moves `clock` past the record's expiry by more than the store's granularity. */
function expire(ctx: CaseContext, clock: ManualClock): void {
  clock.time += MINUTE + Math.max(1000, 2 * ctx.options.ttlGranularityMs);
}

/**
 * The clock rule: only the Manager's clock (`ProviderOptions.now`) decides whether a record is
 * live, never the host's or a server's clock, so skew between them cannot end a session early
 * or keep it late.
 */
export const clockGroup = defineGroup(
  "clock",
  [
    {
      name: "read(key) and exists(key) find a record live on the Manager's clock, 2 hours behind the host's",
      ownProvider: true,
      run: async (ctx) => {
        const { provider, key } = await onClock(ctx, -HOURS_2);
        assertData(await provider.read(key), { a: "1" }, "read(key) on the Manager's clock");
        assert.equal(await existsOf(provider, key), true);
      },
    },
    {
      name: "write(key) and touch(key) of a record live on the Manager's clock, 2 hours behind the host's, resolve true",
      ownProvider: true,
      run: async (ctx) => {
        const { provider, clock, key } = await onClock(ctx, -HOURS_2);
        assert.equal(await provider.write(key, change({ set: { b: "2" } }), clock.time + MINUTE), true);
        assert.equal(await provider.touch(key, clock.time + 2 * MINUTE), true);
        assertData(await provider.read(key), { a: "1", b: "2" });
      },
    },
    {
      name: "count() counts, and gc() keeps, a record live on the Manager's clock, 2 hours behind the host's",
      ownProvider: true,
      run: async (ctx) => {
        const { provider, key } = await onClock(ctx, -HOURS_2);
        assert.equal(await provider.count(), 1, "count() on the Manager's clock");
        await provider.gc?.();
        assertData(await provider.read(key), { a: "1" }, "read(key) after gc()");
      },
    },
    {
      name: "read(key), exists(key), write(key) and touch(key) treat a record as gone once the Manager's clock passes expiresAt, before the host's does",
      ownProvider: true,
      run: async (ctx) => {
        const { provider, clock, key } = await onClock(ctx, 0);
        expire(ctx, clock);
        assert.equal(await provider.read(key), null, "read(key) returned a record expired on the Manager's clock");
        assert.equal(await existsOf(provider, key), false);
        assert.equal(await provider.touch(key, clock.time + MINUTE), false);
        assert.equal(await provider.write(key, change({ set: { b: "2" } }), clock.time + MINUTE), false);
      },
    },
    {
      name: "count() does not count a record expired on the Manager's clock, and gc() leaves it unreadable",
      ownProvider: true,
      run: async (ctx) => {
        const { provider, clock, key } = await onClock(ctx, 0);
        expire(ctx, clock);
        assert.equal(await provider.count(), 0, "count() on the Manager's clock");
        await provider.gc?.();
        assert.equal(await provider.read(key), null);
      },
    },
  ],
  (options) => (options.clock ? undefined : "no clock option: pass clock(now) to open the provider on the Manager's clock"),
);
