// Measures count() and gc() on N sessions (default 100k): node bench/count-gc-100k.mjs [N] [shardDepth]
// Writes N records through the provider (half of them already expired), then times
// count(), gc() and a second count() and gc(). Build first: npx tsc -p tsconfig.build.json
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileProvider } from "../dist/index.js";

const n = Number(process.argv[2] ?? 100_000);
const dir = await mkdtemp(path.join(tmpdir(), "sess-file-bench-"));
const shardDepth = Number(process.argv[3] ?? 2);
const p = await fileProvider({ dir, shardDepth, onError: (e) => console.error(e.message) });
console.log(`${n} sessions, shardDepth ${shardDepth}, in ${dir}`);
const change = { isNew: true, clear: false, set: { user: "astaxie", cart: "x".repeat(150) }, deleted: [], createdAt: Date.now() };
const time = async (label, work) => {
  const t = performance.now();
  const result = await work();
  const ms = performance.now() - t;
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  -> ${result}`);
  return result;
};
try {
  await time(`write ${n} new sessions (32 at a time)`, async () => {
    let next = 0;
    const worker = async () => {
      while (next < n) {
        const i = next++;
        // Every other session expires one second from now, so gc() has half of them to remove.
        await p.write(randomBytes(32).toString("hex"), change, Date.now() + (i % 2 ? 3_600_000 : 1000));
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    return n;
  });
  await new Promise((r) => setTimeout(r, 1500));
  const rss = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB rss`;
  await time("count() (half expired)", () => p.count());
  await time("gc() (removes the expired half)", () => p.gc());
  await time("count() (all live, lstat only)", () => p.count());
  await time("gc() (nothing to remove)", () => p.gc());
  console.log(rss());
} finally {
  await p.close();
  await rm(dir, { recursive: true, force: true });
}
