const pct = (x) => `${(x * 100).toFixed(1)}%`;

/** Issue 27: server CPU per request with the OpenTelemetry SDK (no-op exporters) within 5% of sess without telemetry, node:http + memory. */
export function telemetryGoal(w) {
  const goal = "telemetry: server CPU per request with the OpenTelemetry SDK within 5% of none (node:http + memory)";
  const parts = [];
  let ok = true;
  for (const workload of ["write", "read"]) {
    const on = w("sess-memory-http-otel", workload);
    const off = w("sess-memory-http", workload);
    if (!on || !off) return { goal, verdict: "NOT MEASURED", detail: "needs sess-memory-http and sess-memory-http-otel" };
    const extra = on.cpuUsPerRequest / off.cpuUsPerRequest - 1;
    ok &&= extra <= 0.05;
    parts.push(`${workload}: ${on.cpuUsPerRequest.toFixed(1)} vs ${off.cpuUsPerRequest.toFixed(1)} µs/req (+${pct(extra)})`);
  }
  return { goal, verdict: ok ? "MET" : "NOT MET", profile: "sess-memory-http-otel", workload: "write", detail: parts.join(", ") };
}
