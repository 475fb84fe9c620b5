// The hot-path goals of issue 11: sess's share of each framework's ceiling, the CPU it adds over the
// bare framework against what the usual session library adds, and req/s against each framework's peer.
const pct = (x) => `${(x * 100).toFixed(0)}%`;
const times = (x) => `${x.toFixed(2)}x`;
const us = (x) => `${x >= 0 ? "+" : ""}${x.toFixed(1)} µs`;

/** The verdict of a goal with a target; "REPORTED" for a figure the issue asks for without one. */
function verdict(ok) {
  return ok === undefined ? "NOT MEASURED" : ok === null ? "REPORTED" : ok ? "MET" : "NOT MET";
}

/** `a`'s req/s as a share of `ceiling`'s on one workload, against `target` (0.75 = 75%). */
function shareGoal(w, name, a, ceiling, workload, target) {
  const x = w(a, workload);
  const c = w(ceiling, workload);
  if (!x || !c || c.rps === 0) return { goal: name, verdict: verdict(undefined), detail: `needs ${a} and ${ceiling}` };
  const share = x.rps / c.rps;
  const short = share >= target ? "" : `, ${((target - share) * 100).toFixed(1)} points short`;
  return {
    goal: name,
    verdict: verdict(share >= target),
    profile: a,
    workload,
    detail: `${(share * 100).toFixed(1)}% of the ceiling by req/s (${x.rps.toFixed(0)} vs ${c.rps.toFixed(0)})${short}; by server CPU per request ${pct(c.cpuUsPerRequest / x.cpuUsPerRequest)} (${x.cpuUsPerRequest.toFixed(1)} vs ${c.cpuUsPerRequest.toFixed(1)} µs)`,
  };
}

/**
 * Server CPU per request that `a` adds over `base`, as a share of what `peer` adds, on both workloads,
 * against `target` (¼ = 0.25); with no target the share is reported only. The worse workload gets profiled.
 */
function cpuAddedGoal(w, name, a, peer, base, target) {
  const added = {};
  for (const workload of ["write", "read"]) {
    const [x, p, b] = [w(a, workload), w(peer, workload), w(base, workload)];
    if (x && p && b) added[workload] = { sess: x.cpuUsPerRequest - b.cpuUsPerRequest, peer: p.cpuUsPerRequest - b.cpuUsPerRequest };
  }
  if (!added.write || !added.read) return { goal: name, verdict: verdict(undefined), detail: `needs ${a}, ${peer} and ${base}` };
  // A peer that adds nothing measurable leaves no ratio to judge: sess then has to add nothing either.
  const share = (k) => (added[k].peer > 0 ? added[k].sess / added[k].peer : added[k].sess <= 0 ? 0 : Infinity);
  const workload = share("write") >= share("read") ? "write" : "read";
  const ok = target === undefined ? null : share("write") <= target && share("read") <= target;
  const detail = ["write", "read"].map((k) => `${k}: sess ${us(added[k].sess)} vs ${peer} ${us(added[k].peer)} (${Number.isFinite(share(k)) ? pct(share(k)) : "n/a"})`);
  return { goal: name, verdict: verdict(ok), profile: a, workload, detail: `${detail.join("; ")} over ${base}${target === undefined ? "" : `; target ≤ ${pct(target)}`}` };
}

/** `a`'s req/s over `peer`'s with a store write on every request against `target`; read and CPU reported beside it. */
function rpsGoal(w, name, a, peer, ceiling, target) {
  const [xw, pw, xr, pr] = [w(a, "write"), w(peer, "write"), w(a, "read"), w(peer, "read")];
  if (!xw || !pw || pw.rps === 0) return { goal: name, verdict: verdict(undefined), detail: `needs ${a} and ${peer}` };
  const ratio = xw.rps / pw.rps;
  const parts = [`write ${times(ratio)} (${xw.rps.toFixed(0)} vs ${pw.rps.toFixed(0)} req/s; target ${target}x${ratio >= target ? "" : `, short by ${pct(1 - ratio / target)}`})`];
  if (xr && pr && pr.rps > 0) parts.push(`read ${times(xr.rps / pr.rps)}`);
  parts.push(`by server CPU per request the peer costs ${times(pw.cpuUsPerRequest / xw.cpuUsPerRequest)} what sess does on writes`);
  // The framework bounds any session library on it.
  const c = w(ceiling, "write");
  if (c && c.rps > 0) parts.push(`${ceiling} (no session) is ${times(c.rps / pw.rps)} the peer, the most any session library on it can reach here; sess is at ${pct(xw.rps / c.rps)} of it`);
  return { goal: name, verdict: verdict(ratio >= target), profile: a, workload: "write", detail: parts.join("; ") };
}

/** Every hot-path goal of issue 11, in the issue's order, from a lookup `w(id, workload)`. */
export function hotPathGoals(w) {
  return [
    shareGoal(w, "memory provider, write on every request, node:http: ≥ 75% of the bare node:http ceiling", "sess-memory-http", "bare-http", "write", 0.75),
    shareGoal(w, "memory provider, read-only requests, node:http: ≥ 85% of the bare node:http ceiling", "sess-memory-http", "bare-http", "read", 0.85),
    cpuAddedGoal(w, "express: CPU per request sess adds over express alone ≤ ¼ of what express-session + MemoryStore adds", "sess-memory-express", "express-session-memory", "express-bare", 0.25),
    rpsGoal(w, "fastify: sess ≥ 2x @fastify/session (default store) req/s, write on every request", "sess-memory-fastify", "fastify-session", "fastify-bare", 2),
    rpsGoal(w, "hono: sess ≥ 2x hono-sessions (MemoryStore) req/s, write on every request", "sess-memory-hono", "hono-sessions", "hono-bare", 2),
    rpsGoal(w, "koa: sess vs koa-session (external Map store) req/s, write on every request (2x target)", "sess-memory-koa", "koa-session", "koa-bare", 2),
    cpuAddedGoal(w, "redis: CPU per request sess adds over express alone ≤ ½ of what express-session + connect-redis adds", "sess-redis-express", "connect-redis", "express-bare", 0.5),
    cpuAddedGoal(w, "mysql: CPU per request sess adds over express alone, against express-session + express-mysql-session (reported)", "sess-mysql-express", "express-mysql-session", "express-bare"),
    cpuAddedGoal(w, "file: CPU per request sess adds over express alone, against express-session + session-file-store (reported)", "sess-file-express", "session-file-store", "express-bare"),
  ];
}
