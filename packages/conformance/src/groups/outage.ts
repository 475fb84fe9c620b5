import assert from "node:assert/strict";
import { SessErrorCode, type Provider } from "@sess/core/provider";
import type { CaseContext } from "../context.js";
import { FaultProxy, type CutMode } from "../faults/fault-proxy.js";
import { existsOf } from "../support/capabilities.js";
import { defineGroup, type ConformanceCase } from "../group.js";
import type { ResolvedOptions } from "../options.js";
import { assertData, describe, outcomeOf, sessErrorProblem, type Outcome } from "../support/assertions.js";
import { change, created } from "../support/changes.js";
import { sleep } from "../support/time.js";

/** A provider that talks to its backend through a fault proxy, with one record written before any cut. */
interface Rig {
  proxy: FaultProxy;
  provider: Provider;
  /** A record written before the cut that the outage may not lose. */
  kept: string;
  /** Records outage-time writes may target (their outcome is unknown, so `kept` is never one of them). */
  scratch: string[];
}

const KEPT_DATA = { before: "the cut", "ü😀": "\u0000x" };

async function rig(ctx: CaseContext): Promise<Rig> {
  const outage = ctx.options.outage!;
  const proxy = new FaultProxy({ target: outage.target });
  const address = await proxy.start();
  ctx.defer(() => proxy.close(), "after-close");
  // Cleanup destroys the test's keys through the proxy, so lift any cut first.
  ctx.defer(() => proxy.restore());
  const provider = await ctx.open(() => outage.createProvider(address));
  const kept = ctx.key();
  const scratch = [ctx.key(), ctx.key()];
  assert.equal(await provider.write(kept, created(KEPT_DATA), ctx.longExpiry()), true);
  for (const key of scratch) await provider.write(key, created({ scratch: "1" }), ctx.longExpiry());
  return { proxy, provider, kept, scratch };
}

/** Every call the outage must fail fast, started at once; gc() may also resolve, a store that expires keys itself has nothing to do. */
type Call = [string, () => Promise<unknown>, boolean];

function outageCalls(ctx: CaseContext, { provider: p, kept, scratch }: Rig): Call[] {
  const later = ctx.longExpiry();
  // Optional methods a provider leaves out are not called (see Provider: exists and gc).
  const exists = p.exists?.bind(p);
  const gc = p.gc?.bind(p);
  return [
    ["read(key)", () => p.read(kept), false],
    ...(exists ? [["exists(key)", () => exists(kept), false] as Call] : []),
    ["write(key)", () => p.write(scratch[0]!, change({ set: { during: "cut" } }), later), false],
    ["write(key, isNew)", () => p.write(ctx.key(), created({ during: "cut" }), later), false],
    ["touch(key)", () => p.touch(kept, later), false],
    ["regenerate(old, new)", () => p.regenerate(scratch[0]!, ctx.key()), false],
    ["destroy(key)", () => p.destroy(scratch[1]!), false],
    ["count()", () => p.count(), false],
    ...(gc ? [["gc()", () => gc(), true] as Call] : []),
  ];
}

/** How a call during the outage went: its outcome (none when it was still pending at `limitMs`) and its duration. */
interface Timed<T> {
  outcome: Outcome<T> | undefined;
  ms: number;
}

/**
 * Starts `work` and reports how it settled and how long it took, giving up at `limitMs`: the
 * suite names a hung call itself instead of leaving it to the runner's timeout.
 */
async function timed<T>(work: () => Promise<T>, limitMs: number): Promise<Timed<T>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, limitMs, undefined);
  });
  try {
    const outcome = await Promise.race([outcomeOf(work), giveUp]);
    return { outcome, ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** Why a call during the outage failed the contract, or undefined when it rejected in time as it should. */
function outageProblem(name: string, { outcome, ms }: Timed<unknown>, deadlineMs: number, mayResolve: boolean): string | undefined {
  if (!outcome) return `${name} had not settled after ${ms} ms (deadlineMs ${deadlineMs}): it hangs`;
  if (ms > deadlineMs) return `${name} took ${ms} ms, over deadlineMs ${deadlineMs}`;
  if (mayResolve && outcome.ok) return undefined;
  const problem = sessErrorProblem(outcome, SessErrorCode.STORE_UNAVAILABLE);
  return problem && `${name} ${problem}`;
}

/** How long past deadlineMs the suite waits before it calls a call hung. */
const GRACE_MS = 2000;

/**
 * Fails the test if a promise rejection goes unhandled or an exception goes uncaught (an
 * 'error' event nobody listens to) while `body` runs or just after. The monitor event only
 * observes: the runner's own handling of uncaught exceptions stays as it is.
 */
async function noUnhandledErrors(body: () => Promise<void>): Promise<void> {
  const seen: string[] = [];
  const rejection = (reason: unknown): void => void seen.push(`unhandled rejection: ${describe(reason)}`);
  const exception = (error: unknown): void => void seen.push(`uncaught exception: ${describe(error)}`);
  process.on("unhandledRejection", rejection);
  process.on("uncaughtExceptionMonitor", exception);
  try {
    await body();
    await sleep(100);
  } finally {
    process.off("unhandledRejection", rejection);
    process.off("uncaughtExceptionMonitor", exception);
  }
  assert.deepEqual(seen, [], "errors nobody handled during the outage");
}

/** Polls read(kept) until it returns the data written before the cut, within recoverWithinMs. */
async function awaitRecovery(ctx: CaseContext, { provider, kept }: Rig): Promise<void> {
  const { recoverWithinMs, deadlineMs } = ctx.options.outage!;
  const until = Date.now() + recoverWithinMs;
  let last = "no attempt finished";
  while (Date.now() < until) {
    const attempt = await timed(() => provider.read(kept), deadlineMs + GRACE_MS);
    if (attempt.outcome?.ok) {
      assertData(attempt.outcome.value, KEPT_DATA, "read(key) after restore()");
      return;
    }
    last = attempt.outcome ? describe(attempt.outcome.error) : `a read hung for ${attempt.ms} ms`;
    await sleep(100);
  }
  assert.fail(`the provider did not work again within recoverWithinMs ${recoverWithinMs} after restore(); last error: ${last}`);
}

/** Asserts every outage-time call rejected with STORE_UNAVAILABLE within deadlineMs. */
async function assertFailFast(ctx: CaseContext, r: Rig): Promise<void> {
  const { deadlineMs } = ctx.options.outage!;
  const calls = outageCalls(ctx, r);
  const results = await Promise.all(calls.map(([, call]) => timed(call, deadlineMs + GRACE_MS)));
  const problems = calls.flatMap(([name, , mayResolve], i) => outageProblem(name, results[i]!, deadlineMs, mayResolve) ?? []);
  assert.deepEqual(problems, [], `calls during the outage:\n  ${problems.join("\n  ")}`);
}

function outageTimeout(o: ResolvedOptions): number {
  const outage = o.outage;
  return outage ? 3 * outage.deadlineMs + outage.recoverWithinMs + 30_000 : 0;
}

function outageCase(name: string, run: (ctx: CaseContext) => Promise<void>): ConformanceCase {
  return { name, ownProvider: true, timeoutMs: outageTimeout, run: (ctx) => noUnhandledErrors(() => run(ctx)) };
}

function failFastCase(mode: CutMode, how: string): ConformanceCase {
  return outageCase(`every call rejects with STORE_UNAVAILABLE within deadlineMs while the backend ${how}`, async (ctx) => {
    const r = await rig(ctx);
    r.proxy.cut(mode);
    await assertFailFast(ctx, r);
  });
}

function recoveryCase(mode: CutMode, how: string): ConformanceCase {
  return outageCase(`read(key) works again after the backend ${how} and returns data written before the cut`, async (ctx) => {
    const r = await rig(ctx);
    r.proxy.cut(mode);
    await assertFailFast(ctx, r);
    r.proxy.restore();
    await awaitRecovery(ctx, r);
    assert.equal(await r.provider.write(r.kept, change({ set: { after: "restore" } }), ctx.longExpiry()), true);
    assertData(await r.provider.read(r.kept), { ...KEPT_DATA, after: "restore" }, "read(key) after a write following restore()");
    const fresh = ctx.key();
    assert.equal(await r.provider.write(fresh, created({ new: "1" }), ctx.longExpiry()), true);
    assert.equal(await existsOf(r.provider, fresh), true);
    assert.ok((await r.provider.count()) >= 2, "count() after restore() is below the records written");
  });
}

/** Backend outage through a fault proxy: fail fast with STORE_UNAVAILABLE, no unhandled rejection, recover alone. */
export const outageGroup = defineGroup(
  "outage",
  [
    failFastCase("reset", "resets connections"),
    failFastCase("blackhole", "accepts connections but never answers"),
    outageCase("calls in flight when the backend stops answering settle within deadlineMs", async (ctx) => {
      const r = await rig(ctx);
      const { deadlineMs } = ctx.options.outage!;
      const pending = Array.from({ length: 10 }, (_, i) =>
        timed<unknown>(
          () => (i % 2 === 0 ? r.provider.read(r.kept) : r.provider.write(r.scratch[0]!, change({ set: { [`f${i}`]: "x" } }), ctx.longExpiry())),
          deadlineMs + GRACE_MS,
        ),
      );
      r.proxy.cut("blackhole");
      const settled = await Promise.all(pending);
      const problems = settled.flatMap((result, i) => outageProblem(`call ${i}`, result, deadlineMs, true) ?? []);
      assert.deepEqual(problems, [], `calls in flight:\n  ${problems.join("\n  ")}`);
    }),
    recoveryCase("reset", "reset connections and came back"),
    recoveryCase("blackhole", "stopped answering and came back"),
  ],
  (o) => (o.outage ? undefined : "no outage option: the suite has no backend to cut"),
);
