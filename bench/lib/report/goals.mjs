import { hotPathGoals } from "./goals-hot-path.mjs";
import { telemetryGoals } from "./goals-telemetry.mjs";

/** Looks up one measured workload: `w("sess-memory-http", "write")`. */
function lookup(http) {
  const byId = new Map((http ?? []).map((r) => [r.id, r]));
  return (id, workload) => byId.get(id)?.workloads?.[workload];
}

const pct = (x) => `${(x * 100).toFixed(0)}%`;
const times = (x) => `${x.toFixed(2)}x`;

function verdict(ok) {
  return ok === undefined ? "NOT MEASURED" : ok ? "MET" : "NOT MET";
}

/** Throughput ratio `a / b` on both workloads; undefined when either side is missing. */
function ratios(w, a, b) {
  const out = {};
  for (const workload of ["write", "read"]) {
    const x = w(a, workload);
    const y = w(b, workload);
    if (x && y && y.rps > 0) out[workload] = x.rps / y.rps;
  }
  return Object.keys(out).length === 2 ? out : undefined;
}

function ratioGoal(w, name, a, b, target) {
  const r = ratios(w, a, b);
  if (!r) return { goal: name, verdict: verdict(undefined), detail: `needs ${a} and ${b}`, profile: a };
  const ok = r.write >= target && r.read >= target;
  const short = Math.min(r.write, r.read);
  const parts = [`write ${times(r.write)}, read ${times(r.read)} (target ${target}x${ok ? "" : `; short by ${pct(1 - short / target)} on the worse workload`})`];
  // The framework bounds any session library on it: express alone against the peer is the most reachable.
  const room = ratios(w, "express-bare", b);
  if (room) parts.push(`express with no session at all is ${times(room.write)} / ${times(room.read)} the peer here, the most any session library on Express can reach on this machine`);
  const http = ratios(w, a.replace("-express", "-http"), b);
  if (http) parts.push(`sess on node:http: ${times(http.write)} / ${times(http.read)}`);
  const cpu = ["write", "read"].map((k) => (w(a, k) && w(b, k) ? w(b, k).cpuUsPerRequest / w(a, k).cpuUsPerRequest : undefined));
  if (cpu.every((x) => x !== undefined)) parts.push(`by server CPU per request the peer costs ${times(cpu[0])} / ${times(cpu[1])} what sess on Express does`);
  return { goal: name, verdict: verdict(ok), profile: a, workload: r.write <= r.read ? "write" : "read", detail: parts.join("; ") };
}

function perReadGoal(w, name, ids, target, unit) {
  const got = ids.map((id) => [id, w(id, "read")?.wirePerRequest]).filter(([, v]) => v !== undefined);
  if (got.length === 0) return { goal: name, verdict: verdict(undefined), detail: `needs ${ids.join(", ")}` };
  const ok = got.every(([, v]) => v <= target + 0.005);
  return { goal: name, verdict: verdict(ok), detail: got.map(([id, v]) => `${id}: ${v.toFixed(2)} ${unit}/request`).join(", ") + ` (counted on the wire; target ${target})` };
}

/** Evaluates every goal of the issue against one run's results. */
export function evaluateGoals(results) {
  const w = lookup(results.http);
  const goals = [];

  goals.push(...hotPathGoals(w));
  goals.push(...telemetryGoals(w));

  goals.push(ratioGoal(w, "redis: sess on express ≥ 3x express-session + connect-redis req/s", "sess-redis-express", "connect-redis", 3));
  goals.push(perReadGoal(w, "redis: 1 command per read-only request", ["sess-redis-http", "sess-redis-express"], 1, "commands"));
  goals.push(ratioGoal(w, "mysql: sess on express ≥ 2x express-session + express-mysql-session req/s", "sess-mysql-express", "express-mysql-session", 2));
  goals.push(perReadGoal(w, "mysql: 1 query per read-only request", ["sess-mysql-http", "sess-mysql-express"], 1, "queries"));
  goals.push(ratioGoal(w, "postgres: sess on express ≥ 2x express-session + connect-pg-simple req/s", "sess-postgres-express", "connect-pg-simple", 2));
  goals.push(perReadGoal(w, "postgres: 1 statement per read-only request", ["sess-postgres-http", "sess-postgres-express"], 1, "statements"));
  goals.push(ratioGoal(w, "file: sess on express ≥ 3x express-session + session-file-store req/s", "sess-file-express", "session-file-store", 3));

  const fileReads = ["sess-file-http", "sess-file-express"].map((id) => [id, w(id, "read")?.filesWritten]).filter(([, v]) => v !== undefined);
  goals.push(fileReads.length === 0
    ? { goal: "file: no write on a read-only request", verdict: verdict(undefined), detail: "needs sess-file-http / sess-file-express" }
    : { goal: "file: no write on a read-only request", verdict: verdict(fileReads.every(([, v]) => v === 0)), detail: fileReads.map(([id, v]) => `${id}: ${v} files written during the read window`).join(", ") });

  for (const suffix of ["http", "express"]) {
    const lw = w(`sess-leveldb-${suffix}`, "write");
    const fw = w(`sess-file-${suffix}`, "write");
    goals.push(lw && fw
      ? { goal: `leveldb: writes on ${suffix} ≥ 3x the file provider's req/s`, verdict: verdict(lw.rps >= 3 * fw.rps), profile: `sess-leveldb-${suffix}`, workload: "write", detail: `${times(lw.rps / fw.rps)} (${lw.rps.toFixed(0)} vs ${fw.rps.toFixed(0)} req/s)` }
      : { goal: `leveldb: writes on ${suffix} ≥ 3x the file provider's req/s`, verdict: verdict(undefined), detail: `needs sess-leveldb-${suffix} and sess-file-${suffix}` });
  }
  goals.push(ratioGoal(w, "leveldb: sess on express ≥ 2x express-session + session-file-store req/s", "sess-leveldb-express", "session-file-store", 2));

  // Both seal the whole session into the cookie on node:http, so the seal and unseal are what differ.
  const sealed = ratios(w, "sess-cookie-http", "iron-session");
  const cookieGoal = "cookie: sess + cookie provider on node:http ≥ 3x iron-session req/s, write and read";
  goals.push(sealed
    ? { goal: cookieGoal, verdict: verdict(sealed.write >= 3 && sealed.read >= 3), profile: "sess-cookie-http", workload: sealed.write <= sealed.read ? "write" : "read", detail: `write ${times(sealed.write)}, read ${times(sealed.read)} (target 3x)` }
    : { goal: cookieGoal, verdict: verdict(undefined), detail: "needs sess-cookie-http and iron-session" });

  const heap = results.memory?.["sess-memory"]?.bytesPerSession;
  const ms = results.memory?.["express-session-memory"]?.bytesPerSession;
  goals.push(heap === undefined
    ? { goal: "memory: ≤ 400 heap bytes per session at 100k", verdict: verdict(undefined), detail: "needs the heap measurement" }
    : { goal: `memory: ≤ 400 heap bytes per session at ${results.memory["sess-memory"].count / 1000}k (~200-byte payload)`, verdict: verdict(heap <= 400),
      detail: `${heap.toFixed(0)} bytes${heap <= 400 ? "" : `, ${(heap - 400).toFixed(0)} over (${pct(heap / 400 - 1)})`}; express-session MemoryStore ${ms === undefined ? "n/a" : ms.toFixed(0)} bytes` });
  return goals;
}
