import { num, percent, table } from "./format.mjs";

/** Rows of one workload's table, in system order, with each system's share of the ceiling. */
function workloadRows(list, byId, workload) {
  const ceiling = byId.get("bare-http")?.workloads?.[workload];
  // Each framework's own no-session row: what a session library on that framework can reach at most.
  const own = (s) => byId.get(list.find((b) => b.kind === "baseline" && b.framework === s.framework)?.id)?.workloads?.[workload];
  return list
    .filter((s) => byId.has(s.id))
    .map((s) => {
      const r = byId.get(s.id);
      const empty = Array(HEADER.length - 3).fill("");
      if (r.skipped) return [s.label, s.framework, `skipped: ${r.skipped}`, ...empty];
      if (r.failed) return [s.label, s.framework, `failed: ${r.failed}`, ...empty];
      const w = r.workloads[workload];
      const wire = w.wirePerRequest === undefined ? (w.filesWritten === undefined ? "" : `${num(w.filesWritten)} files written`) : num(w.wirePerRequest, 2);
      const server = w.commandsPerRequest === undefined ? "" : num(w.commandsPerRequest, 2);
      const problems = w.non2xx || w.errors || w.timeouts ? `${w.non2xx} non-2xx, ${w.errors} errors` : "0";
      const frame = own(s);
      return [s.label, s.framework, num(w.rps), num(w.p50), num(w.p99), num(w.cpuUsPerRequest, 1), ceiling ? percent(w.rps / ceiling.rps) : "–", frame ? percent(w.rps / frame.rps) : "–", wire, server, problems];
    });
}

const HEADER = ["system", "on", "req/s", "p50 ms", "p99 ms", "server CPU µs/req", "share of ceiling", "share of its framework's ceiling", "backend commands/req (wire)", "server counters/req", "failed requests"];

/** The HTTP section: one table per workload and the per-command breakdown. */
export function httpSection(list, http) {
  const byId = new Map(http.map((r) => [r.id, r]));
  const parts = [
    "## HTTP (autocannon, 50 connections, client cycling through the seeded cookies)",
    "",
    "### write: read the counter, increment, save (a store write on every request)",
    "",
    table(HEADER, workloadRows(list, byId, "write")),
    "",
    "### read: read the counter only",
    "",
    table(HEADER, workloadRows(list, byId, "read")),
    "",
  ];
  const breakdown = [];
  const named = (by) => Object.entries(by ?? {}).filter(([, v]) => v >= 0.01).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ") || "none";
  for (const s of list) {
    const r = byId.get(s.id);
    for (const workload of ["write", "read"]) {
      const w = r?.workloads?.[workload];
      if (w?.wireByName) breakdown.push([s.label, workload, named(w.wireByName), named(w.commandsByName)]);
    }
  }
  if (breakdown.length > 0) {
    parts.push("### Backend commands per request, by command", "");
    parts.push(
      "**Wire**: a second server process of the same system, on the same stored sessions, reaches the backend through a counting TCP proxy for 1,000 requests per workload after the timed windows; exact, and only this system's traffic (MySQL: `query` + `stmt_execute`; prepares are listed; PostgreSQL: `query` + `execute` messages, with parse/bind/sync listed). " +
        "**Server counters**: Redis `INFO commandstats`, MariaDB `SHOW GLOBAL STATUS` (`Questions`, `Com_*`) and PostgreSQL `pg_stat_database` (`xact_commit` + `xact_rollback`, `tup_*`) deltas over the timed window, divided by its requests: what the server did, commands run inside Lua scripts included, but server-wide, so other clients of a shared server add to them.",
      "",
    );
    parts.push(table(["system", "workload", "wire, per request", "server counters, per request"], breakdown), "");
  }
  return parts.join("\n");
}

/** Rows for the chart: every system with its write and read req/s, or why it has none. */
export function chartRows(list, http) {
  const byId = new Map(http.map((r) => [r.id, r]));
  return list
    .filter((s) => byId.has(s.id))
    .map((s) => {
      const r = byId.get(s.id);
      const note = r.skipped ? `skipped: ${r.skipped}` : r.failed ? `failed: ${r.failed}` : undefined;
      return { label: s.label, kind: s.kind, write: r.workloads?.write?.rps, read: r.workloads?.read?.rps, note: note && note.length > 80 ? `${note.slice(0, 77)}…` : note };
    });
}
