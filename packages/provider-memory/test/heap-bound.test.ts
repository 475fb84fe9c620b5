import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { ChangeSet } from "@sess/core/provider";
import { memoryProvider } from "../src/index.js";

// The maxBytes bound measured on the heap, not on the provider's own count: what the store
// retains after a full GC, with the provider as the only new thing alive.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MIB = 1024 * 1024;
const HOUR = 3_600_000;

function retained(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

function change(set: Record<string, string>, extra: Partial<ChangeSet> = {}): ChangeSet {
  return { isNew: false, clear: false, set, deleted: [], createdAt: Date.now(), ...extra };
}

/** Heap the store retains after `fill` ran on a provider bounded to `maxBytes`. */
async function heapOf(maxBytes: number, fill: (provider: ReturnType<typeof memoryProvider>) => Promise<void>): Promise<number> {
  const before = retained();
  const provider = memoryProvider({ maxBytes });
  await fill(provider);
  const after = retained();
  // Keep the provider alive across the measurement.
  expect(await provider.count()).toBeGreaterThan(0);
  await provider.close();
  return after - before;
}

describe("maxBytes holds on the heap", () => {
  it("sessions that once held a character above U+00FF, since deleted, stay within 16 MiB", async () => {
    const bound = 16 * MIB;
    const used = await heapOf(bound, async (provider) => {
      const big = "x".repeat(2000);
      for (let i = 0; i < 12_000; i++) {
        const k = randomBytes(32).toString("hex");
        await provider.write(k, change({ big, uni: '"\u20ac"' }, { isNew: true }), Date.now() + HOUR);
        await provider.write(k, change({}, { deleted: ["uni"] }), Date.now() + HOUR);
      }
    });
    expect(used / MIB).toBeLessThan((bound * 1.1) / MIB);
  });

  it("small sessions each bound to a subject of its own stay within 16 MiB, the subject index included", async () => {
    const bound = 16 * MIB;
    const used = await heapOf(bound, async (provider) => {
      // Twice what fits: about 620 bytes are charged per session, so some 27,000 fit in 16 MiB.
      const salt = randomBytes(8).toString("hex");
      for (let i = 0; i < 60_000; i++) {
        const k = `${salt}${i.toString(16).padStart(48, "0")}`;
        await provider.write(k, change({ a: "1" }, { isNew: true, subject: `user-${i}-${k.slice(0, 12)}` }), Date.now() + HOUR);
      }
    });
    expect(used / MIB).toBeLessThan((bound * 1.1) / MIB);
  });
});
