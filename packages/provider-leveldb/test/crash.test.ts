import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Worker } from "./support/child.js";
import { Sandbox, newKey } from "./support/sandbox.js";

let box: Sandbox;
const workers: Worker[] = [];
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
  await box.cleanup();
});

interface Ack {
  key: string;
  i: number;
  destroyed?: boolean;
}

/** The step the child would run after `i` (worker.mjs: step i touches keys[i % n], and every 7th step destroys). */
function stepAfter(i: number, keys: string[]): { key: string; destroyed: boolean; i: number } {
  const j = i + 1;
  return { key: keys[j % keys.length]!, destroyed: j % 7 === 6, i: j };
}

describe("kill -9 during writes", () => {
  it.each([false, true])("a writer killed at random moments (durable: %s) leaves a database that opens and holds every acknowledged write", async (durable) => {
    const keys = Array.from({ length: 5 }, () => newKey());
    let acknowledged = 0;
    for (let round = 0; round < 5; round++) {
      const ackFile = path.join(box.dir, `acks-${round}.jsonl`);
      const w = new Worker("crashLoop", { path: box.dbPath, keys, durable, ackFile });
      workers.push(w);
      await w.ready;
      await sleep(20 + Math.random() * 150);
      await w.kill();
      workers.splice(workers.indexOf(w), 1);
      const acks = (await readFile(ackFile, "utf8")).split("\n").filter(Boolean).map((line) => JSON.parse(line) as Ack);
      acknowledged += acks.length;
      // The child runs one step at a time: besides what it logged, at most the next step was under way.
      const inFlight = stepAfter(acks.at(-1)!.i, keys);
      const p = await box.open();
      for (const key of keys) {
        const last = acks.findLast((a) => a.key === key);
        const got = await p.read(key);
        const step = got ? Number(got.data.n) : undefined;
        const allowed = [last, inFlight.key === key ? inFlight : undefined].filter((a) => a !== undefined);
        // The record is the last acknowledged state of the key, or the state of the step in flight.
        const matches = allowed.some((a) => (a.destroyed ? got === null : step === a.i));
        expect(matches, `key ${keys.indexOf(key)}: got step ${String(step)}, acknowledged ${JSON.stringify(last)}`).toBe(true);
        if (got) expect(createHash("sha256").update(got.data.body!).digest("hex")).toBe(got.data.sum);
      }
      const live = (await Promise.all(keys.map((k) => p.exists(k)))).filter(Boolean).length;
      // The record counter rebuilt at open agrees with what is there.
      expect(await p.count()).toBe(live);
      await p.close();
    }
    expect(acknowledged).toBeGreaterThan(20);
  });
});
