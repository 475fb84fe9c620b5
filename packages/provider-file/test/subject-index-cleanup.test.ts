import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sandbox, change, inSeconds, newKey } from "./support/helpers.js";

let box: Sandbox;
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await box.cleanup();
});

/** Every file and directory under `<root>/subjects`, as paths relative to it. */
async function indexFiles(root: string): Promise<string[]> {
  try {
    return (await readdir(path.join(root, "subjects"), { recursive: true })).sort();
  } catch {
    return [];
  }
}

// Without this, each login left an entry (and a directory per user) that only a listing of that user removed.
describe("the file provider's subject index is cleaned up with its sessions", () => {
  it("destroy(key) removes the session's entry: 100 logins and logouts leave no index file", async () => {
    const p = await box.open();
    for (let i = 0; i < 100; i++) {
      const key = newKey();
      await p.write(key, change({ a: "1" }, { isNew: true, subject: `user-${i % 10}` }), inSeconds(60));
      await p.destroy(key);
    }
    expect(await p.count()).toBe(0);
    expect(await indexFiles(p.dir)).toEqual([]);
  });

  it("destroy(key) keeps the entries of the subject's other sessions", async () => {
    const p = await box.open();
    const [gone, kept] = [newKey(), newKey()];
    for (const key of [gone, kept]) await p.write(key, change({ a: "1" }, { isNew: true, subject: "ann" }), inSeconds(60));
    await p.destroy(gone);
    expect((await indexFiles(p.dir)).filter((name) => name.endsWith(kept))).toHaveLength(1);
    expect((await indexFiles(p.dir)).filter((name) => name.endsWith(gone))).toEqual([]);
    expect((await p.listSubject("ann")).map((e) => e.key)).toEqual([kept]);
  });

  it("gc() removes the entries of the expired sessions it collects", async () => {
    const clock = { now: Date.now() };
    const p = await box.open({ now: () => clock.now });
    for (let i = 0; i < 20; i++) await p.write(newKey(), change({ a: "1" }, { isNew: true, subject: `user-${i % 4}` }), clock.now + 1000);
    const live = newKey();
    await p.write(live, change({ a: "1" }, { isNew: true, subject: "user-0" }), clock.now + 3_600_000);
    clock.now += 2000;
    expect(await p.gc()).toBe(20);
    expect(await indexFiles(p.dir)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(new RegExp(`^[0-9a-f]{64}/${live}$`))]);
  });

  it("a write that finds the record expired removes its entry with it", async () => {
    const clock = { now: Date.now() };
    const p = await box.open({ now: () => clock.now });
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true, subject: "ann" }), clock.now + 1000);
    clock.now += 2000;
    expect(await p.write(key, change({ b: "2" }), clock.now + 1000)).toBe(false);
    expect(await indexFiles(p.dir)).toEqual([]);
  });
});
