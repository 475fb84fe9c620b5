// In-process cost of the sess Manager API per provider, with tinybench:
// load + change + release (a store write) and load + get + release (no change).
import { Bench } from "tinybench";
import { scriptMain } from "../lib/load/child-run.mjs";
import { seedData } from "../lib/setup/payload.mjs";
import { openManager } from "../servers/sess-manager.mjs";

async function seedSessions(manager, count) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const s = manager.create();
    for (const [k, v] of Object.entries(seedData(i))) s.set(k, v);
    s.set("n", 0);
    await s.release();
    ids.push(s.id);
  }
  return ids;
}

function summary(task) {
  const r = task.result;
  if (!r || !("latency" in r)) return { error: String(r?.error ?? r?.state ?? "no result") };
  return { usPerOp: r.period * 1000, opsPerSec: 1000 / r.period, p50us: r.latency.p50 * 1000, p99us: r.latency.p99 * 1000, samples: r.latency.samples?.length ?? r.latency.df + 1 };
}

async function benchProvider({ name, providerConfig }, { benchTime, sessions }) {
  const manager = await openManager(name, providerConfig);
  try {
    const ids = await seedSessions(manager, sessions);
    let i = 0;
    const bench = new Bench({ time: benchTime, warmupTime: Math.min(200, benchTime) });
    bench.add("load + change + release", async () => {
      const s = await manager.load(ids[i++ % ids.length]);
      s.set("n", s.get("n") + 1);
      await s.release();
    });
    bench.add("load + get + release (no change)", async () => {
      const s = await manager.load(ids[i++ % ids.length]);
      s.get("n");
      await s.release();
    });
    await bench.run();
    return Object.fromEntries(bench.tasks.map((t) => [t.name, summary(t)]));
  } finally {
    await manager.close();
  }
}

await scriptMain(async ({ providers, benchTime, sessions }) => {
  const out = {};
  for (const p of providers) {
    try {
      out[p.name] = await benchProvider(p, { benchTime, sessions });
    } catch (err) {
      out[p.name] = { error: String(err.message).split("\n")[0] };
    }
  }
  return out;
});
