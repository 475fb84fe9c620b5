import { readFile, stat } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sandbox, change, inSeconds, newKey } from "./support/helpers.js";
import { snapshot } from "./support/snapshot.js";

let box: Sandbox;
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await box.cleanup();
});

describe("touch and read-only requests", () => {
  it("touch(key, later) moves the expiry through the mtime without rewriting the record", async () => {
    const p = await box.open();
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60));
    const before = await stat(p.recordPath(key));
    const text = await readFile(p.recordPath(key), "utf8");
    const later = inSeconds(3600) + 7;
    expect(await p.touch(key, later)).toBe(true);
    const after = await stat(p.recordPath(key));
    expect(after.ino).toBe(before.ino);
    expect(await readFile(p.recordPath(key), "utf8")).toBe(text);
    expect(Math.round(after.mtimeMs)).toBe(later);
    expect((await p.read(key))?.expiresAt).toBe(later);
  });

  it("touch(key, earlier) shortens the expiry (rewriting, since the JSON expiresAt is a lower bound)", async () => {
    let now = Date.now();
    const p = await box.open({ now: () => now });
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), now + 60_000);
    expect(await p.touch(key, now + 10)).toBe(true);
    expect((await p.read(key))?.expiresAt).toBe(now + 10);
    expect({ ...(await p.read(key))!.data }).toEqual({ a: "1" });
    now += 10;
    expect(await p.read(key)).toBeNull();
  });

  it("touch(key) resolves false for an absent or expired record and creates nothing", async () => {
    let now = Date.now();
    const p = await box.open({ now: () => now });
    expect(await p.touch(newKey(), now + 1000)).toBe(false);
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), now + 100);
    now += 100;
    expect(await p.touch(key, now + 1000)).toBe(false);
    expect(await p.read(key)).toBeNull();
  });

  it("read(key) and exists(key) of live and absent records write nothing to the directory", async () => {
    const p = await box.open();
    const keys = [newKey(), newKey(), newKey()];
    for (const key of keys) await p.write(key, change({ a: key }, { isNew: true }), inSeconds(60));
    const before = await snapshot(p.dir);
    for (let i = 0; i < 20; i++) {
      for (const key of keys) expect((await p.read(key))?.data.a).toBe(key);
      expect(await p.exists(newKey())).toBe(false);
      expect(await p.read(newKey())).toBeNull();
    }
    expect(await p.count()).toBe(3);
    expect(await snapshot(p.dir)).toEqual(before);
  });

  it("a touch racing writes of other keys loses none of them", async () => {
    const p = await box.open();
    const key = newKey();
    await p.write(key, change({}, { isNew: true }), inSeconds(60));
    const ops: Promise<boolean>[] = [];
    for (let i = 0; i < 40; i++) {
      ops.push(p.write(key, change({ [`k${i}`]: String(i) }), inSeconds(60)));
      ops.push(p.touch(key, inSeconds(120 + i)));
    }
    expect(new Set(await Promise.all(ops))).toEqual(new Set([true]));
    expect(Object.keys((await p.read(key))!.data)).toHaveLength(40);
  });
});
