import { openManager } from "./servers/sess-manager.mjs";
const m = await openManager("memory");
const ids = [];
for (let i = 0; i < 1000; i++) { const s = m.create(); s.set("n", 0); s.set("user", "u" + i); await s.release(); ids.push(s.id); }
for (let round = 0; round < 3; round++) {
  let t = performance.now(); const N = 20000;
  for (let i = 0; i < N; i++) { const s = await m.load(ids[i % 1000]); s.set("n", s.get("n") + 1); await s.release(); }
  const a = (performance.now() - t) * 1000 / N;
  t = performance.now();
  for (let i = 0; i < N; i++) { const s = await m.load(ids[i % 1000]); s.get("n"); await s.release(); }
  console.log("write us/op", a.toFixed(2), "read us/op", ((performance.now() - t) * 1000 / N).toFixed(2));
}
