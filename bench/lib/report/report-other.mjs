import { num, table } from "./format.mjs";

const skippedRows = (skipped) => Object.entries(skipped ?? {}).map(([name, why]) => `- ${name}: skipped (${why})`);

/** In-process Manager API cost per provider. */
export function inprocessSection(section) {
  if (!section) return "";
  const rows = Object.entries(section.results ?? {}).map(([name, r]) => {
    if (r.error) return [name, `error: ${r.error}`, "", "", ""];
    const a = r["load + change + release"];
    const b = r["load + get + release (no change)"];
    return [name, num(a?.p50us, 1), num(a?.usPerOp, 1), num(a?.opsPerSec), num(b?.p50us, 1), num(b?.usPerOp, 1), num(b?.opsPerSec)];
  });
  return [
    "## In-process: the Manager API per provider (tinybench)",
    "",
    "`manager.load(id)`, `s.set(\"n\", n + 1)`, `await s.release()` (a store write), and the same without the change (`release()` then writes nothing), one operation at a time over 1,000 sessions. The median is the library's cost; the mean also carries the machine's stalls (other processes, GC).",
    "",
    table(["provider", "load + change + release: median µs", "mean µs", "ops/s", "load + get + release: median µs", "mean µs", "ops/s"], rows),
    ...skippedRows(section.skipped),
    "",
  ].join("\n");
}

const MEMORY_LABELS = { "sess-memory": "sess memory provider (through the Manager)", "express-session-memory": "express-session MemoryStore", memorystore: "memorystore" };

/** Heap bytes per session. */
export function memorySection(memory, payloadBytes) {
  if (!memory) return "";
  const rows = Object.entries(memory).map(([store, r]) =>
    r.skipped || r.error ? [MEMORY_LABELS[store], r.skipped ? `skipped: ${r.skipped}` : `error: ${r.error}`, "", ""] : [MEMORY_LABELS[store], num(r.count), num(r.stored), num(r.bytesPerSession)],
  );
  return [
    "## Memory: heap bytes per session",
    "",
    `\`process.memoryUsage().heapUsed\` after \`global.gc()\`, before and after storing the sessions (${payloadBytes}-byte payload as JSON), divided by their number; one store per process (\`--expose-gc\`).`,
    "",
    table(["store", "sessions", "stored", "heap bytes / session"], rows),
    "",
  ].join("\n");
}

/** The memory provider's gc() and count() from 10k to 1M sessions, and each provider's count(). */
export function scaleSection(scale, providerCount) {
  const parts = ["## Scale", ""];
  if (scale?.skipped || scale?.error) parts.push(`memory provider: ${scale.skipped ? `skipped (${scale.skipped})` : `error: ${scale.error}`}`, "");
  else if (Array.isArray(scale)) {
    parts.push("Memory provider, records written straight through `provider.write`, one in ten due to expire; the clock is injected, so \"due\" is exact. Times are medians of 5 calls (the GC pass that removes the due tenth: 1 call).", "");
    parts.push(
      table(
        ["sessions", "gc(), nothing due ms", "gc(), 10% due ms", "removed", "count() ms", "count()", "heap MiB"],
        scale.map((s) => [num(s.sessions), num(s.gcNothingDueMs, 3), num(s.gcTenPercentDueMs, 1), num(s.gcRemoved), num(s.countMs, 3), num(s.counted), num(s.heapUsedMiB)]),
      ),
      "",
    );
  }
  if (providerCount) {
    const rows = Object.entries(providerCount.results ?? {}).map(([name, r]) =>
      r.error ? [name, `error: ${r.error}`, "", "", ""] : [name, num(r.records), num(r.fillMs / 1000, 1), num(r.countMs, 1), num(r.counted)],
    );
    parts.push("Each provider's `count()` (median of 3) after writing the records straight through `provider.write`, 64 in flight, for at most 45 s (the records column says how many a slow store reached); the records are removed afterwards.", "");
    parts.push(table(["provider", "records", "written in s", "count() ms", "count()"], rows), ...skippedRows(providerCount.skipped), "");
  }
  return parts.join("\n");
}

/** The top functions of a CPU profile, when one was taken. */
export function profileSection(profiles) {
  if (!profiles || profiles.length === 0) return "";
  const parts = [
    "## Profiles",
    "",
    "Taken because a goal was missed: the sess server concerned runs once more and the V8 profiler (the inspector's, the same as `node --cpu-prof`) covers its measured load only, after seeding and warm-up. Self time as a share of the server's busy time. On a 2-core machine shared with the load generator, a syscall that wakes the client (`writev`) also collects the time the server was preempted, so its share is overstated.",
    "",
  ];
  for (const p of profiles) {
    parts.push(`### ${p.id}, ${p.workload} workload (${num(p.rps)} req/s while profiled)`, "");
    if (p.finding) parts.push(p.finding, "");
    if (p.owners) parts.push(`Busy time by owner (native calls count for the JavaScript that made them): ${p.owners.filter((o) => o.percent >= 1).map((o) => `${o.owner} ${o.percent.toFixed(0)}%`).join(", ")}.`, "");
    parts.push(table(["self %", "function", "where"], p.top.map((f) => [f.percent.toFixed(1), `\`${f.name}\``, f.where])), "");
  }
  return parts.join("\n");
}
