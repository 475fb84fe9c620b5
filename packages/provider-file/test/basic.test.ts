import { readFile, stat } from "node:fs/promises";
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

describe("file provider basics", () => {
  it("write(key, new change) stores a record at <dir>/<k0k1>/<key>.json by default", async () => {
    const p = await box.open();
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60));
    expect(p.recordPath(key)).toBe(path.join(p.dir, key.slice(0, 2), `${key}.json`));
    expect((await stat(p.recordPath(key))).isFile()).toBe(true);
  });

  it("write(key, new change) with shardDepth 2 stores a record at <dir>/<k0k1>/<k2k3>/<key>.json with modes 0600/0700", async () => {
    const p = await box.open({ shardDepth: 2 });
    const key = newKey();
    expect(await p.write(key, change({ a: "1" }, { isNew: true, createdAt: 1000 }), inSeconds(60))).toBe(true);
    const file = path.join(p.dir, key.slice(0, 2), key.slice(2, 4), `${key}.json`);
    expect(p.recordPath(key)).toBe(file);
    const json = JSON.parse(await readFile(file, "utf8"));
    expect(json).toMatchObject({ v: 1, createdAt: 1000, data: { a: "1" } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect((await stat(path.dirname(path.dirname(file)))).mode & 0o777).toBe(0o700);
  });

  it("read(key) returns data, createdAt and expiresAt; data keys like __proto__ stay ordinary", async () => {
    const p = await box.open();
    const key = newKey();
    const expiresAt = inSeconds(60);
    const set = JSON.parse('{"__proto__":"x","a.b":"\\u0000\\ud83d\\ude00","$\\"\\\\":"lone \\ud800"}') as Record<string, string>;
    await p.write(key, change(set, { isNew: true, createdAt: 5 }), expiresAt);
    const got = await p.read(key);
    expect(got?.createdAt).toBe(5);
    expect(got?.expiresAt).toBe(expiresAt);
    expect(Object.keys(got!.data).sort()).toEqual(Object.keys(set).sort());
    for (const k of Object.keys(set)) expect(got!.data[k]).toBe(set[k]);
    expect(Object.getPrototypeOf(got!.data)).toBe(null);
  });

  it("write(key, change) applies set, deleted and clear to the stored data", async () => {
    const p = await box.open();
    const key = newKey();
    await p.write(key, change({ a: "1", b: "2", c: "3" }, { isNew: true }), inSeconds(60));
    await p.write(key, change({ d: "4" }, { deleted: ["a"] }), inSeconds(60));
    expect({ ...(await p.read(key))!.data }).toEqual({ b: "2", c: "3", d: "4" });
    await p.write(key, change({ e: "5" }, { clear: true }), inSeconds(60));
    expect({ ...(await p.read(key))!.data }).toEqual({ e: "5" });
  });

  it("write(key, not-new change) on an absent key resolves false and creates nothing", async () => {
    const p = await box.open();
    const key = newKey();
    expect(await p.write(key, change({ a: "1" }), inSeconds(60))).toBe(false);
    await expect(stat(path.join(p.dir, key.slice(0, 2)))).rejects.toMatchObject({ code: "ENOENT" });
    await p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60));
    await p.destroy(key);
    expect(await p.write(key, change({ a: "2" }), inSeconds(60))).toBe(false);
    expect(await p.read(key)).toBeNull();
  });

  it("read(key) returns null once expired, and removes the file lazily", async () => {
    let now = Date.now();
    const p = await box.open({ now: () => now });
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), now + 1000);
    expect(await p.exists(key)).toBe(true);
    now += 1000;
    expect(await p.read(key)).toBeNull();
    await expect(stat(p.recordPath(key))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await p.write(key, change({ a: "2" }), now + 5000)).toBe(false);
  });

  it("regenerate(old, new) moves data, createdAt and expiry; old reads as absent", async () => {
    const p = await box.open();
    const [a, b] = [newKey(), newKey()];
    const expiresAt = inSeconds(60);
    await p.write(a, change({ x: "1" }, { isNew: true, createdAt: 42 }), expiresAt);
    await p.touch(a, expiresAt + 5000);
    expect(await p.regenerate(a, b)).toBe(true);
    expect(await p.read(a)).toBeNull();
    expect(await p.read(b)).toMatchObject({ createdAt: 42, expiresAt: expiresAt + 5000 });
    expect(await p.regenerate(a, newKey())).toBe(false);
  });

  it("destroy(key) removes the record and is a no-op when absent", async () => {
    const p = await box.open();
    const key = newKey();
    await p.destroy(key);
    await p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60));
    await p.destroy(key);
    expect(await p.read(key)).toBeNull();
    await expect(stat(p.recordPath(key))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("durable: true writes, touches, regenerates and destroys the same way", async () => {
    const p = await box.open({ durable: true });
    const [a, b] = [newKey(), newKey()];
    await p.write(a, change({ x: "1" }, { isNew: true }), inSeconds(60));
    expect(await p.touch(a, inSeconds(120))).toBe(true);
    expect(await p.regenerate(a, b)).toBe(true);
    expect({ ...(await p.read(b))!.data }).toEqual({ x: "1" });
    await p.destroy(b);
    expect(await p.count()).toBe(0);
  });

  it("close() makes later calls reject with CLOSED", async () => {
    const p = await box.open();
    await p.close();
    await expect(p.read(newKey())).rejects.toMatchObject({ code: "CLOSED" });
  });
});
