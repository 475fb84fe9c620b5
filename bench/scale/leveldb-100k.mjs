// The LevelDB provider at N sessions (default 100k): fill, reopen (the key-only count of records),
// count() and a GC pass with 0% and 10% expired, heap and on-disk bytes per session, and what
// `durable` (fsync per write) costs. A clock is injected so 10% can expire without waiting.
// Run by the bench (scale section) or alone: `node --expose-gc bench/scale/leveldb-100k.mjs '{"records":100000}'`.
import { readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { leveldbProvider } from "@sess/provider-leveldb";
import { newSessionChange, storageKey, timed } from "./records.mjs";

const heapAfterGc = () => {
  for (let i = 0; i < 3; i++) global.gc?.();
  return process.memoryUsage().heapUsed;
};

async function bytesOnDisk(dir) {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(path.join(dir, name))).size;
  return total;
}

/** Writes `count` sessions, each with its own payload (the bench's seed data for i), 64 in flight. */
async function fill(p, count, expiryOf) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await p.write(storageKey(i), newSessionChange(i, Date.now()), expiryOf(i));
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  return count;
}

/** Sequential writes per second, one in flight (a request's release), with and without fsync. */
async function writeRate(dir, durable, count) {
  const p = await leveldbProvider({ path: dir, durable });
  const change = newSessionChange(0, Date.now());
  const t = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await p.write(storageKey(10_000_000 + i), change, Date.now() + 3_600_000);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  await p.close();
  return Math.round((count / ms) * 1000);
}

async function main({ records = 100_000, dir = path.join(os.tmpdir(), `sess-bench-leveldb-${process.pid}`) } = {}) {
  const T0 = Date.now();
  let now = T0;
  const clock = () => now;
  // Every tenth session expires one second in; the rest live an hour.
  const expiryOf = (i) => (i % 10 === 0 ? T0 + 1000 : T0 + 3_600_000);
  try {
    const heapBefore = heapAfterGc();
    const rssBefore = process.memoryUsage().rss;
    let p = await leveldbProvider({ path: dir, now: clock });
    const fillStart = process.hrtime.bigint();
    const written = await fill(p, records, expiryOf);
    const fillMs = Number(process.hrtime.bigint() - fillStart) / 1e6;
    const heapBytesPerSession = (heapAfterGc() - heapBefore) / written;
    // LevelDB's memtable and block cache live outside the JS heap: the resident set shows them.
    const rssBytesPerSession = (process.memoryUsage().rss - rssBefore) / written;
    await p.close();
    const diskBytesPerSession = (await bytesOnDisk(dir)) / written;
    const openStart = process.hrtime.bigint();
    p = await leveldbProvider({ path: dir, now: clock });
    const openMs = Number(process.hrtime.bigint() - openStart) / 1e6;
    const count0 = await timed(() => p.count(), 5);
    const gc0 = await timed(() => p.gc(), 5);
    now = T0 + 2000;
    const gc10 = await timed(() => p.gc(), 1);
    const count10 = await timed(() => p.count(), 5);
    await p.close();
    const rateDir = `${dir}-rate`;
    const writesPerSecond = await writeRate(`${rateDir}-async`, false, 2000);
    const durableWritesPerSecond = await writeRate(`${rateDir}-durable`, true, 2000);
    await rm(`${rateDir}-async`, { recursive: true, force: true });
    await rm(`${rateDir}-durable`, { recursive: true, force: true });
    return {
      records: written,
      fillMs,
      reopenMs: openMs,
      countMs: count0.ms,
      counted: count0.value,
      gcEmptyMs: gc0.ms,
      gcTenPercentMs: gc10.ms,
      removedTenPercent: gc10.value,
      countAfterGcMs: count10.ms,
      countedAfterGc: count10.value,
      heapBytesPerSession,
      rssBytesPerSession,
      diskBytesPerSession,
      sequentialWritesPerSecond: { async: writesPerSecond, durable: durableWritesPerSecond },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const input = JSON.parse(process.argv[2] ?? "{}");
main(input).then(
  (value) => (process.send ? process.send({ type: "result", value }) : console.log(JSON.stringify(value, null, 2))),
  (err) => (process.send ? process.send({ type: "error", message: String(err?.stack ?? err) }) : console.error(err)),
).finally(() => setTimeout(() => process.exit(0), 20));
