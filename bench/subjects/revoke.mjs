// Issue 14 figures: revoke-all for a subject with 10 sessions among N others (default 100k),
// and what binding a session to a subject costs a write and a read-only request, on the memory
// provider and on Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379; BENCH_REDIS=0 skips it).
//   node bench/subjects/revoke.mjs            BENCH_SESSIONS=100000 BENCH_ROUNDS=20
import { randomBytes } from "node:crypto";
import { createManager } from "@sess/core";
import { memoryProvider } from "@sess/provider-memory";
import { redisProvider } from "@sess/provider-redis";
import { newSessionChange, writeRecords } from "../scale/records.mjs";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const HOUR = 3_600_000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const key = () => randomBytes(32).toString("hex");

/** Median ms of revoking `subject`'s 10 sessions among the filled store, re-creating them each round. */
async function revokeAll(provider, manager) {
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    const subject = `user-${round}-${randomBytes(4).toString("hex")}`;
    for (let i = 0; i < 10; i++) await provider.write(key(), { ...newSessionChange(i, Date.now()), subject }, Date.now() + HOUR);
    const start = process.hrtime.bigint();
    const ended = await manager.revokeSessions(subject);
    times.push(ms(start));
    if (ended !== 10) throw new Error(`revoked ${ended}, expected 10`);
  }
  return median(times);
}

/** A stored session (bound to a subject or not) and a loop of requests on it: mean µs per request. */
async function requestLoop(manager, bound) {
  const session = manager.create();
  session.set("user", "ann");
  if (bound) session.setSubject(`cost-${randomBytes(4).toString("hex")}`, { ua: "bench" });
  await session.release();
  return async (write) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < REQUESTS; i++) {
      const s = await manager.load(session.id);
      s.get("user");
      if (write) s.set("n", i);
      await s.release();
    }
    return (ms(start) * 1000) / REQUESTS;
  };
}

/** Read-only and writing request cost, unbound against bound, interleaved over 5 rounds (median), after a warm-up. */
async function requestCosts(manager) {
  const loops = { unbound: await requestLoop(manager, false), bound: await requestLoop(manager, true) };
  for (const loop of Object.values(loops)) await loop(true), await loop(false);
  const samples = { unbound: { readOnlyUs: [], writeUs: [] }, bound: { readOnlyUs: [], writeUs: [] } };
  for (let round = 0; round < 5; round++) {
    for (const name of ["unbound", "bound"]) {
      samples[name].readOnlyUs.push(await loops[name](false));
      samples[name].writeUs.push(await loops[name](true));
    }
  }
  const med = (s) => ({ readOnlyUs: median(s.readOnlyUs), writeUs: median(s.writeUs) });
  return { unbound: med(samples.unbound), bound: med(samples.bound) };
}

/** A bind (setSubject + release) on a loaded session, mean µs: what a login adds. */
async function bindCost(manager) {
  const ids = [];
  for (let i = 0; i < 200; i++) {
    const s = manager.create();
    s.set("user", "ann");
    await s.release();
    ids.push(s.id);
  }
  const start = process.hrtime.bigint();
  for (const id of ids) {
    const s = await manager.load(id);
    s.setSubject("binder", { ua: "bench" });
    await s.release();
  }
  return (ms(start) * 1000) / ids.length;
}

async function measure(name, provider) {
  const manager = await createManager({ provider, maxLifetime: 3600, onError: () => {} });
  const filled = process.hrtime.bigint();
  await writeRecords(provider, SESSIONS, () => Date.now() + HOUR, 64);
  const fillMs = ms(filled);
  const revokeMs = await revokeAll(provider, manager);
  const { unbound, bound } = await requestCosts(manager);
  const bindUs = await bindCost(manager);
  await manager.revokeSessions("binder");
  return { provider: name, sessions: SESSIONS, fillMs: Math.round(fillMs), revokeAll10Ms: +revokeMs.toFixed(3), unbound, bound, bindUs, manager };
}

const rows = [];
const memory = await measure("memory", memoryProvider({ maxBytes: Number.POSITIVE_INFINITY }));
rows.push(memory);
await memory.manager.close();

if (process.env.BENCH_REDIS !== "0") {
  const prefix = `sess-bench-subjects:${randomBytes(4).toString("hex")}:`;
  const provider = await redisProvider({ url: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379", prefix });
  try {
    rows.push(await measure("redis", provider));
  } finally {
    // This run's keys only: records, subject indexes and fences all start with its prefix.
    const client = provider.client;
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await client.unlink(...keys);
    } while (cursor !== "0");
    await provider.close();
  }
}

const fmt = (x) => x.toFixed(1);
console.log(`revoke-all of 10 sessions among ${SESSIONS} (median of ${ROUNDS}), and per-request cost (mean of ${REQUESTS}):`);
console.log("provider | revoke-all 10 | read-only request unbound / bound | writing request unbound / bound | login bind (load + setSubject + release)");
for (const r of rows) {
  console.log(
    `${r.provider} | ${r.revokeAll10Ms} ms | ${fmt(r.unbound.readOnlyUs)} / ${fmt(r.bound.readOnlyUs)} µs | ${fmt(r.unbound.writeUs)} / ${fmt(r.bound.writeUs)} µs | ${fmt(r.bindUs)} µs`,
  );
}
