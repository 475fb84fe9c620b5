// Heap bytes per stored session: run with --expose-gc; one store per process.
import { randomBytes } from "node:crypto";
import session from "express-session";
import createMemoryStore from "memorystore";
import { scriptMain } from "../lib/load/child-run.mjs";
import { seedData } from "../lib/setup/payload.mjs";
import { openManager } from "../servers/sess-manager.mjs";

function heapAfterGc() {
  for (let i = 0; i < 3; i++) global.gc();
  return process.memoryUsage().heapUsed;
}

// What express-session hands its store: the data plus its cookie object.
function expressSessionRecord(i) {
  const cookie = { originalMaxAge: 3_600_000, expires: new Date(Date.now() + 3_600_000), httpOnly: true, path: "/", sameSite: "lax" };
  return { cookie, ...seedData(i), n: 0 };
}

const stores = {
  async "sess-memory"(count) {
    const manager = await openManager("memory");
    return {
      keep: manager,
      async fill() {
        for (let i = 0; i < count; i++) {
          const s = manager.create();
          for (const [k, v] of Object.entries(seedData(i))) s.set(k, v);
          s.set("n", 0);
          await s.release();
        }
        return manager.count();
      },
    };
  },
  async "express-session-memory"(count) {
    const store = new session.MemoryStore();
    return { keep: store, fill: () => fillExpressStore(store, count) };
  },
  async memorystore(count) {
    const MemoryStore = createMemoryStore(session);
    const store = new MemoryStore({ checkPeriod: 3_600_000 });
    return { keep: store, fill: () => fillExpressStore(store, count), stop: () => store.stopInterval() };
  },
};

async function fillExpressStore(store, count) {
  for (let i = 0; i < count; i++) {
    await new Promise((resolve, reject) => store.set(randomBytes(24).toString("base64url"), expressSessionRecord(i), (err) => (err ? reject(err) : resolve())));
  }
  return new Promise((resolve) => store.length((err, n) => resolve(err ? undefined : n)));
}

await scriptMain(async ({ store, count }) => {
  if (typeof global.gc !== "function") throw new Error("run with --expose-gc");
  const made = await stores[store](count);
  const before = heapAfterGc();
  const stored = await made.fill();
  const after = heapAfterGc();
  made.stop?.();
  return { store, count, stored, bytesPerSession: (after - before) / count, heapBefore: before, heapAfter: after, keep: typeof made.keep };
});
