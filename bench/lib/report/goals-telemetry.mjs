const pct = (x) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;

/** Server CPU per request of `id` against sess-memory-http on both workloads, or undefined when either is missing. */
function extra(w, id) {
  const out = [];
  for (const workload of ["write", "read"]) {
    const on = w(id, workload);
    const off = w("sess-memory-http", workload);
    if (!on || !off) return undefined;
    out.push({ workload, on: on.cpuUsPerRequest, off: off.cpuUsPerRequest, ratio: on.cpuUsPerRequest / off.cpuUsPerRequest - 1 });
  }
  return out;
}

const describe = (rows) => rows.map((r) => `${r.workload}: ${r.on.toFixed(1)} vs ${r.off.toFixed(1)} µs/req (${pct(r.ratio)})`).join(", ");

/**
 * Issue 27, on node:http + memory by server CPU per request: telemetry with the OpenTelemetry SDK
 * (no-op exporters) within 5% of none; and no cost at all without an SDK (the API alone). The
 * metrics-only row is reported beside them.
 */
export function telemetryGoals(w) {
  const goals = [];
  for (const [id, goal] of [
    ["sess-memory-http-otel", "telemetry: server CPU per request with the OpenTelemetry SDK (spans and metrics) within 5% of none (node:http + memory)"],
    ["sess-memory-http-otel-api", "telemetry: no cost without an OpenTelemetry SDK (the API alone; within 5%, node:http + memory)"],
  ]) {
    const rows = extra(w, id);
    goals.push(rows === undefined
      ? { goal, verdict: "NOT MEASURED", detail: `needs sess-memory-http and ${id}` }
      : { goal, verdict: rows.every((r) => r.ratio <= 0.05) ? "MET" : "NOT MET", profile: id, workload: "write", detail: describe(rows) });
  }
  const metrics = extra(w, "sess-memory-http-otel-metrics");
  if (metrics) goals.push({ goal: "telemetry: the same with metrics only (spans: false)", verdict: "REPORTED", detail: describe(metrics) });
  return goals;
}
