// How the memory provider's gc() pass and count() grow with the number of sessions.
// The clock is injected so "10% expired" is exact and no time passes while filling.
import { memoryProvider } from "@sess/provider-memory";
import { scriptMain } from "../lib/load/child-run.mjs";
import { timed, writeRecords } from "./records.mjs";

async function step(count) {
  let clock = Date.now();
  const provider = memoryProvider({ now: () => clock, maxBytes: Number.POSITIVE_INFINITY }); // unbounded: the scale run fills past the default bound on purpose
  const start = clock;
  const filled = process.hrtime.bigint();
  // Every tenth session is due 60 s from now, the rest in an hour.
  await writeRecords(provider, count, (i) => start + (i % 10 === 0 ? 60_000 : 3_600_000), 1);
  const fillMs = Number(process.hrtime.bigint() - filled) / 1e6;
  const gcIdle = await timed(() => provider.gc());
  const countLive = await timed(() => provider.count());
  clock += 120_000;
  const gcDue = await timed(() => provider.gc(), 1);
  const countAfter = await timed(() => provider.count());
  await provider.close();
  return {
    sessions: count,
    fillMs,
    gcNothingDueMs: gcIdle.ms,
    countMs: countLive.ms,
    counted: countLive.value,
    gcTenPercentDueMs: gcDue.ms,
    gcRemoved: gcDue.value,
    countAfterGcMs: countAfter.ms,
    countedAfterGc: countAfter.value,
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
}

await scriptMain(async ({ steps }) => {
  const out = [];
  for (const count of steps) {
    out.push(await step(count));
    global.gc?.();
  }
  return out;
});
