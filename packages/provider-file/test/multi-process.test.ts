import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sandbox, change, inSeconds, newKey } from "./support/helpers.js";
import { Worker } from "./support/child.js";

let box: Sandbox;
const workers: Worker[] = [];
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
  await box.cleanup();
});

function spawn(job: string, options: Record<string, unknown>, args: Record<string, unknown>): Worker {
  const w = new Worker(job, options, args);
  workers.push(w);
  return w;
}

describe("several processes sharing one directory", () => {
  it("two processes x 50 writes of different keys into one session, plus this process, lose no key", async () => {
    const dir = path.join(box.dir, "sessions");
    const p = await box.open();
    const key = newKey();
    await p.write(key, change({ start: "1" }, { isNew: true }), inSeconds(600));
    const a = spawn("writeKeys", { dir }, { key, prefix: "a", count: 50 });
    const b = spawn("writeKeys", { dir }, { key, prefix: "b", count: 50 });
    const mine: Promise<boolean>[] = [];
    for (let i = 0; i < 50; i++) mine.push(p.write(key, change({ [`c${i}`]: String(i) }), inSeconds(600)));
    const [ra, rb, rc] = await Promise.all([a.result, b.result, Promise.all(mine)]);
    for (const results of [ra, rb, rc] as boolean[][]) expect(results.every((r) => r === true)).toBe(true);
    const data = (await p.read(key))!.data;
    expect(Object.keys(data)).toHaveLength(151);
    for (const prefix of ["a", "b", "c"]) for (let i = 0; i < 50; i++) expect(data[`${prefix}${i}`]).toBe(String(i));
  });

  it("a write racing a destroy from another process never revives the session", async () => {
    const dir = path.join(box.dir, "sessions");
    const p = await box.open();
    for (let round = 0; round < 5; round++) {
      const key = newKey();
      await p.write(key, change({ start: "1" }, { isNew: true }), inSeconds(600));
      const w = spawn("writeUntilGone", { dir }, { key, after: 20, max: 3000 });
      await w.ready;
      await p.destroy(key);
      const { writes, later } = (await w.result) as { writes: number; later: boolean[] };
      expect(writes).toBeGreaterThanOrEqual(5);
      expect(writes).toBeLessThan(3000);
      expect(later).toEqual(new Array<boolean>(20).fill(false));
      expect(await p.read(key)).toBeNull();
      expect(await p.exists(key)).toBe(false);
    }
  });

  it("gc() run by three processes at once removes each expired record exactly once and keeps live ones", async () => {
    const dir = path.join(box.dir, "sessions");
    const p = await box.open();
    const expired: string[] = [];
    const live: string[] = [];
    for (let i = 0; i < 150; i++) {
      const k = newKey();
      expired.push(k);
      await p.write(k, change({ a: "1" }, { isNew: true }), Date.now() + 200);
    }
    for (let i = 0; i < 150; i++) {
      const k = newKey();
      live.push(k);
      await p.write(k, change({ a: "1" }, { isNew: true }), inSeconds(600));
    }
    await new Promise((r) => setTimeout(r, 300));
    const a = spawn("gc", { dir }, {});
    const b = spawn("gc", { dir }, {});
    const [ra, rb, rc] = await Promise.all([a.result, b.result, p.gc()]);
    expect((ra as number) + (rb as number) + rc).toBe(150);
    expect(await p.count()).toBe(150);
    for (const k of live) expect(await p.exists(k)).toBe(true);
  });
});
