// Per-operation throughput of the file provider in one process: node bench/ops.mjs [sessions] [concurrency]
// Build first: npx tsc -p tsconfig.build.json. Prints operations per second for new-session
// writes, updates of one key, reads and touches over `sessions` records.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileProvider } from "../dist/index.js";

const sessions = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 16);
const dir = await mkdtemp(path.join(process.env.SESS_BENCH_DIR ?? tmpdir(), "sess-file-ops-"));
const p = await fileProvider({ dir, onError: (e) => console.error(e.message) });
const keys = Array.from({ length: sessions }, () => randomBytes(32).toString("hex"));
const change = (set, isNew = false) => ({ isNew, clear: false, set, deleted: [], createdAt: Date.now() });

async function measure(label, op) {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < keys.length) await op(keys[next++]);
    }),
  );
  const ms = performance.now() - t;
  console.log(`${label.padEnd(28)} ${String(Math.round((keys.length / ms) * 1000)).padStart(7)} ops/s  (${((ms / keys.length) * 1000).toFixed(0)} µs each)`);
}

try {
  console.log(`${sessions} sessions, ${concurrency} in flight, ${dir}`);
  await measure("write (new session)", (k) => p.write(k, change({ user: "astaxie", cart: "x".repeat(150) }, true), Date.now() + 3_600_000));
  await measure("write (update one key)", (k) => p.write(k, change({ visits: "2" }), Date.now() + 3_600_000));
  await measure("read", (k) => p.read(k));
  await measure("touch", (k) => p.touch(k, Date.now() + 7_200_000));
  await measure("destroy", (k) => p.destroy(k));
} finally {
  await p.close();
  await rm(dir, { recursive: true, force: true });
}
