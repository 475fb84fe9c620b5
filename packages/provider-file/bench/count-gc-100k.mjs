// Measures count() and gc() on N live sessions plus E expiring ones:
//   node bench/count-gc-100k.mjs [N=100000] [shardDepth=1] [E=N/10]
// Writes the records through the provider (the E expire a second later), then times
// count() and gc() with the expired ones present, and again with only live ones.
// Build first: npx tsc -p tsconfig.build.json
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileProvider } from "../dist/index.js";

const n = Number(process.argv[2] ?? 100_000);
const dir = await mkdtemp(path.join(tmpdir(), "sess-file-bench-"));
const shardDepth = Number(process.argv[3] ?? 1);
const expiring = Number(process.argv[4] ?? Math.round(n / 10));
const p = await fileProvider({ dir, shardDepth, onError: (e) => console.error(e.message) });
console.log(`${n} live + ${expiring} expiring sessions, shardDepth ${shardDepth}, in ${dir}`);
const change = { isNew: true, clear: false, set: { user: "astaxie", cart: "x".repeat(150) }, deleted: [], createdAt: Date.now() };
const time = async (label, work) => {
  const t = performance.now();
  const result = await work();
  const ms = performance.now() - t;
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  -> ${result}`);
  return result;
};
try {
  await time(`write ${n + expiring} new sessions`, async () => {
    let next = 0;
    const worker = async () => {
      while (next < n + expiring) {
        const i = next++;
        await p.write(randomBytes(32).toString("hex"), change, Date.now() + (i < expiring ? 1000 : 3_600_000));
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    return n + expiring;
  });
  await new Promise((r) => setTimeout(r, 1500));
  const rss = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB rss`;
  await time("count() (expired not yet collected)", () => p.count());
  await time("gc() (removes the expired)", () => p.gc());
  await time("count() (all live: one lstat each)", () => p.count());
  await time("gc() (nothing to remove)", () => p.gc());
  console.log(rss());
} finally {
  await p.close();
  await rm(dir, { recursive: true, force: true });
}
