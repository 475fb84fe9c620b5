// Measures count() at N sessions on a redis-server this script starts (and kills) itself:
//   node packages/provider-redis/scripts/measure-count.mjs [sessions=100000] [extraKeys=0]
// Needs the package built (dist/). Prints write throughput, count() latency and SCAN round trips.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { redisProvider } from "../dist/index.js";

const sessions = Number(process.argv[2] ?? 100_000);
const extraKeys = Number(process.argv[3] ?? 0);
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const dir = mkdtempSync(path.join(tmpdir(), "sess-measure-"));
const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], { stdio: "ignore" });
process.on("exit", () => {
  server.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});
const raw = new Redis(port, "127.0.0.1", { retryStrategy: (t) => (t < 50 ? 50 : null) });
raw.on("error", () => undefined); // refused until the server is up
await raw.ping();

const provider = await redisProvider({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 10_000 });
const expiresAt = Date.now() + 3_600_000;
let started = performance.now();
let next = 0;
async function worker() {
  while (next < sessions) {
    next++;
    await provider.write(randomBytes(32).toString("hex"), { isNew: true, clear: false, set: { user: '"ann"', visits: "1" }, deleted: [], createdAt: Date.now() }, expiresAt);
  }
}
await Promise.all(Array.from({ length: 64 }, worker));
const writeMs = performance.now() - started;
for (let i = 0; i < extraKeys; i += 1000) {
  const p = raw.pipeline();
  for (let j = i; j < Math.min(i + 1000, extraKeys); j++) p.set(`other:${j}`, "x");
  await p.exec();
}

const stats = async () => Number(/cmdstat_scan:calls=(\d+)/.exec(await raw.info("commandstats"))?.[1] ?? 0);
const times = [];
let counted = 0;
const scansBefore = await stats();
for (let i = 0; i < 5; i++) {
  started = performance.now();
  counted = await provider.count();
  times.push(performance.now() - started);
}
const scans = ((await stats()) - scansBefore) / 5;
times.sort((a, b) => a - b);
console.log(JSON.stringify({
  sessions, extraKeys, counted,
  writesPerSecond: Math.round(sessions / (writeMs / 1000)),
  countMedianMs: Math.round(times[2]), countMinMs: Math.round(times[0]), countMaxMs: Math.round(times[4]),
  scanRoundTripsPerCount: scans,
  usedMemoryMB: Math.round(Number(/used_memory:(\d+)/.exec(await raw.info("memory"))[1]) / 1e6),
}));
await provider.close();
raw.disconnect();
process.exit(0);
