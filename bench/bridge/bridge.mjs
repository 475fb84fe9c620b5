// Issue 25 figures for @sess/express-session-bridge:
// 1. what a request WITHOUT a legacy cookie costs under the bridge, beside the same app without
//    it, in the same run: server CPU µs/req and req/s over HTTP (autocannon), interleaved rounds,
//    median; and the bridge's own check in-process (ns per request);
// 2. what ONE migration costs: bridge.migrate() for a legacy session that moves (legacy
//    store get + destroy, one sess write), µs each, over MemoryStore -> provider-memory and
//    connect-redis -> provider-redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379; BENCH_REDIS=0 skips).
//   node bench/bridge/bridge.mjs          BENCH_SMOKE=1 for a quick check that it still runs
import { fork } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createManager } from "@sess/core";
import { expressSessionBridge } from "@sess/express-session-bridge";
import { memoryProvider } from "@sess/provider-memory";
import { redisProvider } from "@sess/provider-redis";
import { RedisStore } from "connect-redis";
import session from "express-session";
import { createClient } from "redis";

const SMOKE = process.env.BENCH_SMOKE === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SMOKE ? 1 : 5));
const SECONDS = Number(process.env.BENCH_DURATION ?? (SMOKE ? 1 : 3));
const MIGRATIONS = Number(process.env.BENCH_MIGRATIONS ?? (SMOKE ? 100 : 2000));
const LEGACY_SECRET = "legacy secret";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;

/** Part 1: the two servers under load, rounds interleaved so background load spreads over both. */
async function withoutLegacyCookie() {
  const child = fork(fileURLToPath(new URL("./servers.mjs", import.meta.url)), { stdio: "inherit" });
  const [{ ports }] = await once(child, "message");
  const cpu = async () => {
    child.send("cpu");
    const [{ cpu: usage }] = await once(child, "message");
    return usage.user + usage.system;
  };
  const cookies = {};
  for (const [name, port] of Object.entries(ports)) {
    const res = await fetch(`http://127.0.0.1:${port}/seed`);
    // A returning user's header: the sess cookie among the site's others, no connect.sid.
    cookies[name] = `_ga=GA1.1.123456789.1700000000; theme=dark; ${res.headers.getSetCookie()[0].split(";")[0]}; lang=en`;
  }
  const samples = { plain: [], bridge: [] };
  for (let round = 0; round < ROUNDS + 1; round++) {
    for (const name of ["plain", "bridge"]) {
      const before = await cpu();
      const result = await autocannon({ url: `http://127.0.0.1:${ports[name]}/read`, connections: 20, duration: SECONDS, headers: { cookie: cookies[name] } });
      const used = (await cpu()) - before;
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      // Round 0 warms both up and is not counted.
      if (round > 0) samples[name].push({ reqPerSec: result.requests.total / SECONDS, cpuUsPerReq: used / result.requests.total });
    }
  }
  child.send("exit");
  const summary = (list) => ({ reqPerSec: Math.round(median(list.map((s) => s.reqPerSec))), cpuUsPerReq: +median(list.map((s) => s.cpuUsPerReq)).toFixed(1) });
  return { plain: summary(samples.plain), bridge: summary(samples.bridge) };
}

/** The bridge's own check for a request without a legacy cookie, in-process: ns per call. */
async function checkCost() {
  const manager = await createManager({ provider: memoryProvider(), cookieName: "sid", maxLifetime: 3600, secrets: ["bench secret, 16+ characters"] });
  const bridge = expressSessionBridge(manager, { store: new session.MemoryStore(), secret: LEGACY_SECRET });
  const request = { cookie: "_ga=GA1.1.123456789.1700000000; theme=dark; sid=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG.signature; lang=en", secure: false };
  const n = SMOKE ? 100_000 : 2_000_000;
  let hits = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (bridge.migrate(request) !== undefined) hits++;
  const ns = (elapsedMs(start) * 1e6) / n;
  await manager.close();
  if (hits !== 0) throw new Error("a request without a legacy cookie was handled");
  return +ns.toFixed(1);
}

const legacyCookie = (id) => `connect.sid=${encodeURIComponent(`s:${id}.${createHmac("sha256", LEGACY_SECRET).update(id).digest("base64").replace(/=+$/, "")}`)}`;
const put = (store, id, data) => new Promise((resolve, reject) => store.set(id, data, (err) => (err ? reject(err) : resolve())));

/** Part 2: MIGRATIONS legacy sessions moved one after another; µs per migration, and the store calls it made. */
async function migrations(name, legacyStore, provider) {
  const manager = await createManager({ provider, cookieName: "sid", maxLifetime: 3600, secrets: ["bench secret, 16+ characters"] });
  const calls = { get: 0, destroy: 0 };
  const counted = {
    get: (sid, cb) => (calls.get++, legacyStore.get(sid, cb)),
    destroy: (sid, cb) => (calls.destroy++, legacyStore.destroy(sid, cb)),
  };
  const bridge = expressSessionBridge(manager, { store: counted, secret: LEGACY_SECRET });
  const ids = [];
  for (let i = 0; i < MIGRATIONS; i++) {
    const id = randomBytes(24).toString("base64url");
    const cookie = { originalMaxAge: 3_600_000, expires: new Date(Date.now() + 3_600_000).toISOString(), httpOnly: true, path: "/" };
    await put(legacyStore, id, { cookie, userId: `user${i}`, profile: { name: `User ${i}`, plan: "pro" }, cart: [1, 2, 3], flash: { info: ["welcome back"] } });
    ids.push(id);
  }
  const start = process.hrtime.bigint();
  for (const id of ids) {
    const outcome = await bridge.migrate({ cookie: legacyCookie(id), secure: false });
    if (outcome?.cookie === undefined) throw new Error(`${name}: session ${id} did not move`);
  }
  const us = (elapsedMs(start) * 1000) / MIGRATIONS;
  const moved = await manager.count();
  await manager.close();
  return { stores: name, migrations: MIGRATIONS, usPerMigration: +us.toFixed(1), legacyCallsPerMigration: (calls.get + calls.destroy) / MIGRATIONS, sessStored: moved };
}

const request = await withoutLegacyCookie();
const checkNs = await checkCost();
const moves = [await migrations("MemoryStore -> provider-memory", new session.MemoryStore(), memoryProvider({ maxBytes: Number.POSITIVE_INFINITY }))];
if (process.env.BENCH_REDIS !== "0") {
  const url = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
  const run = randomBytes(4).toString("hex");
  const client = createClient({ url });
  await client.connect();
  const prefixes = [`bench:${run}:legacy:`, `bench:${run}:sess:`];
  try {
    moves.push(await migrations("connect-redis -> provider-redis", new RedisStore({ client, prefix: prefixes[0] }), await redisProvider({ url, prefix: prefixes[1] })));
  } finally {
    // This run's keys only.
    for (const prefix of prefixes) for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length > 0) await client.unlink(keys);
    await client.quit();
  }
}

console.log(`\nA request without a legacy cookie (sess on Express, memory provider, read-only; median of ${ROUNDS} rounds of ${SECONDS} s):`);
console.log("app | req/s | server CPU µs/req");
console.log(`sess alone | ${request.plain.reqPerSec} | ${request.plain.cpuUsPerReq}`);
console.log(`sess + bridge | ${request.bridge.reqPerSec} | ${request.bridge.cpuUsPerReq}`);
console.log(`the bridge's check alone (in-process): ${checkNs} ns per request`);
console.log(`\nOne migration (bridge.migrate, mean of ${MIGRATIONS} sessions moved one after another):`);
console.log("legacy store -> sess provider | µs per migration | legacy store calls per migration | sess sessions stored");
for (const m of moves) console.log(`${m.stores} | ${m.usPerMigration} | ${m.legacyCallsPerMigration} | ${m.sessStored}`);
