// A flood of new sessions against the memory provider's default bound: the heap must level off
// under maxBytes, and the cost of a new session must stay flat once every write evicts.
//
//   node --expose-gc bench/memory/flood.mjs            # 400,000 sessions, default bound (64 MiB)
//   FLOOD_SESSIONS=100000 FLOOD_MAX_BYTES=8388608 node --expose-gc bench/memory/flood.mjs
//
// Each session is what a login form's failed attempt stores for an anonymous visitor:
// one flash message. Prints a table per chunk and the figures as JSON on the last line.
import { DEFAULT_MAX_BYTES } from "@sess/provider-memory";
import { openManager } from "../servers/sess-manager.mjs";

if (typeof global.gc !== "function") throw new Error("run with node --expose-gc");

const sessions = Number(process.env.FLOOD_SESSIONS ?? 400_000);
const maxBytes = process.env.FLOOD_MAX_BYTES ? Number(process.env.FLOOD_MAX_BYTES) : undefined;
const bound = maxBytes ?? DEFAULT_MAX_BYTES;
const chunk = Math.max(1000, Math.floor(sessions / 8));

function heapAfterGc() {
  for (let i = 0; i < 3; i++) global.gc();
  return process.memoryUsage().heapUsed;
}

const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);

async function flood(manager, from, n) {
  for (let i = 0; i < n; i++) {
    const s = manager.create();
    s.flash("error", `Invalid username or password (attempt ${from + i})`);
    s.set("returnTo", "/account/settings");
    await s.release();
  }
}

// Warm up on a small store first, so the compiled code is in the baseline and not counted as store.
const warm = await openManager("memory", { maxBytes: 1 << 20 });
await flood(warm, 0, 20_000);
await warm.close();

const manager = await openManager("memory", maxBytes === undefined ? undefined : { maxBytes });
const base = heapAfterGc();
const rows = [];
for (let done = 0; done < sessions; ) {
  const n = Math.min(chunk, sessions - done);
  const started = process.hrtime.bigint();
  await flood(manager, done, n);
  const micros = Number(process.hrtime.bigint() - started) / 1000 / n;
  done += n;
  const heap = heapAfterGc() - base;
  rows.push({ sessions: done, held: await manager.count(), heapMiB: Number(mib(heap)), microsPerSession: Number(micros.toFixed(2)) });
}

console.log(`bound: maxBytes ${mib(bound)} MiB${maxBytes === undefined ? " (the default)" : ""}; heap above the empty manager, after global.gc()`);
console.log("sessions  held      heap MiB  µs/new session");
for (const r of rows) {
  console.log(`${String(r.sessions).padEnd(9)} ${String(r.held).padEnd(9)} ${String(r.heapMiB).padEnd(9)} ${r.microsPerSession}`);
}
const peak = Math.max(...rows.map((r) => r.heapMiB));
const underBound = peak * 2 ** 20 <= bound;
console.log(`peak heap ${peak} MiB ${underBound ? "<=" : ">"} bound ${mib(bound)} MiB: ${underBound ? "UNDER THE BOUND" : "OVER THE BOUND"}`);
console.log(JSON.stringify({ sessions, maxBytes: bound, peakHeapMiB: peak, underBound, rows }));
await manager.close();
if (!underBound) process.exitCode = 1;
