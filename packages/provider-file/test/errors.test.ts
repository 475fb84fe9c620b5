import { chmod, chown, mkdir, rm, writeFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileProvider } from "../src/index.js";
import { Sandbox, change, inSeconds, newKey } from "./support/helpers.js";
import { Worker } from "./support/child.js";
import { readableWorkerCopy } from "./support/readable-copy.js";
import { canMount, mountTmpfs, remount, unmount } from "./support/tmpfs.js";

let box: Sandbox;
const mounts: string[] = [];
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  for (const dir of mounts.splice(0)) unmount(dir);
  await box.cleanup();
});

/** A fresh tmpfs of `size` inside the sandbox. */
async function tmpfs(size: string): Promise<string> {
  const dir = path.join(box.dir, `mnt-${mounts.length}`);
  await mkdir(dir);
  mountTmpfs(dir, size);
  mounts.push(dir);
  return dir;
}

describe("opening a directory that cannot be used", () => {
  it("fileProvider(dir under a regular file) rejects INVALID_CONFIG naming the path", async () => {
    const file = path.join(box.dir, "file");
    await writeFile(file, "x");
    const dir = path.join(file, "sessions");
    await expect(fileProvider(dir)).rejects.toMatchObject({ code: "INVALID_CONFIG", message: expect.stringContaining(dir) });
    await expect(fileProvider({ dir: file })).rejects.toMatchObject({ code: "INVALID_CONFIG", message: expect.stringContaining(file) });
  });

  it("fileProvider({}) and bad options reject INVALID_CONFIG", async () => {
    await expect(fileProvider({ maxLifetime: 60 })).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    await expect(fileProvider({ maxLifetime: 60, config: 42 })).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    await expect(fileProvider({ dir: box.dir, shardDepth: 9 })).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    await expect(fileProvider({ dir: box.dir, lockTimeoutMs: -1 })).rejects.toMatchObject({ code: "INVALID_CONFIG" });
  });

  it.skipIf(!canMount)("fileProvider(read-only directory) rejects STORE_UNAVAILABLE naming the path (EROFS tmpfs)", async () => {
    const mnt = await tmpfs("64k");
    await mkdir(path.join(mnt, "sessions"));
    remount(mnt, "ro");
    const dir = path.join(mnt, "sessions");
    await expect(fileProvider(dir)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringContaining(dir), cause: { code: "EROFS" } });
    const missing = path.join(mnt, "missing");
    await expect(fileProvider(missing)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringContaining(`cannot create the session directory ${missing}`) });
  });
});

describe("file system failures during requests", () => {
  it("a shard directory replaced by a regular file rejects STORE_UNAVAILABLE, and other records stay readable", async () => {
    const p = await box.open();
    const a = newKey();
    const b = `${a.startsWith("00") ? "ff" : "00"}${a.slice(2)}`;
    await p.write(a, change({ a: "1" }, { isNew: true }), inSeconds(60));
    const shard = path.join(p.dir, b.slice(0, 2));
    await writeFile(shard, "not a directory");
    await expect(p.write(b, change({ b: "1" }, { isNew: true }), inSeconds(60))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringContaining(shard) });
    await expect(p.read(b)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect((await p.read(a))?.data.a).toBe("1");
    await rm(shard);
    expect(await p.write(b, change({ b: "1" }, { isNew: true }), inSeconds(60))).toBe(true);
  });

  it("write(key, new change) recreates the directory after something removed it", async () => {
    for (const shardDepth of [0, 1]) {
      const p = await box.open({ shardDepth }, `gone-${shardDepth}`);
      const old = newKey();
      await p.write(old, change({ a: "1" }, { isNew: true }), inSeconds(60));
      await rm(p.dir, { recursive: true });
      expect(await p.read(old)).toBeNull();
      expect(await p.count()).toBe(0);
      const key = newKey();
      expect(await p.write(key, change({ a: "2" }, { isNew: true }), inSeconds(60))).toBe(true);
      expect((await p.read(key))?.data.a).toBe("2");
    }
  });

  it("EACCES: a process without permission on a shard gets STORE_UNAVAILABLE keeping the cause", async () => {
    const dir = path.join(box.dir, "sessions");
    const p = await box.open();
    const key = newKey();
    const shard = path.join(dir, key.slice(0, 2));
    await mkdir(shard, { mode: 0o700 });
    if (process.getuid?.() === 0) {
      // Root ignores permissions, so the writer runs as "nobody" against a shard it may not write.
      for (const d of [box.dir, dir]) await chown(d, 65534, 65534);
      await chmod(box.dir, 0o755);
      // "nobody" may not be able to read the checkout: it runs a world-readable copy of the worker.
      const copy = await readableWorkerCopy();
      try {
        const w = new Worker("tryWrite", { dir }, { key }, { uid: 65534, gid: 65534, script: copy });
        expect(await w.result).toEqual({ code: "STORE_UNAVAILABLE", cause: "EACCES" });
      } finally {
        await copy.remove();
      }
    } else {
      await chmod(shard, 0o500);
      await expect(p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", cause: { code: "EACCES" } });
      await chmod(shard, 0o700);
    }
    expect(await p.count()).toBe(0);
  });

  it("EMFILE: a process out of file descriptors gets STORE_UNAVAILABLE, and writes again once they are freed", async () => {
    const dir = path.join(box.dir, "sessions");
    const p = await box.open();
    const key = newKey();
    const w = new Worker("emfile", { dir }, { key });
    expect(await w.result).toEqual({ during: { code: "STORE_UNAVAILABLE", cause: "EMFILE" }, after: true });
    expect((await p.read(key))?.data.a).toBe("2");
  });

  it.skipIf(!canMount)("ENOSPC: a full disk rejects STORE_UNAVAILABLE, keeps every stored record, and recovers once space is freed", async () => {
    const mnt = await tmpfs("128k");
    const q = await fileProvider({ dir: path.join(mnt, "sessions"), onError: () => undefined });
    const stored: string[] = [];
    let failure: unknown;
    for (let i = 0; i < 200 && !failure; i++) {
      const key = newKey();
      try {
        await q.write(key, change({ body: "x".repeat(3000) }, { isNew: true }), inSeconds(60));
        stored.push(key);
      } catch (err) {
        failure = err;
      }
    }
    expect(failure).toMatchObject({ code: "STORE_UNAVAILABLE", cause: { code: expect.stringMatching(/^ENOSPC$/) } });
    await expect(q.write(stored[0]!, change({ body: "y".repeat(100_000) }), inSeconds(60))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect((await q.read(stored[0]!))?.data.body).toBe("x".repeat(3000));
    for (const key of stored) expect((await q.read(key))?.data.body).toHaveLength(3000);
    expect(await q.count()).toBe(stored.length);
    for (const key of stored.slice(0, 5)) await q.destroy(key);
    expect(await q.write(newKey(), change({ body: "z" }, { isNew: true }), inSeconds(60))).toBe(true);
    expect((await readdir(mnt, { recursive: true })).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    await q.close();
  });

  it.skipIf(!canMount)("EROFS: a file system remounted read-only rejects writes with STORE_UNAVAILABLE while reads still work", async () => {
    const mnt = await tmpfs("256k");
    const q = await fileProvider({ dir: path.join(mnt, "sessions"), onError: () => undefined });
    const key = newKey();
    await q.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60));
    remount(mnt, "ro");
    await expect(q.write(key, change({ a: "2" }), inSeconds(60))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", cause: { code: "EROFS" } });
    await expect(q.touch(key, inSeconds(600))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect((await q.read(key))?.data.a).toBe("1");
    remount(mnt, "rw");
    expect(await q.write(key, change({ a: "3" }), inSeconds(60))).toBe(true);
    await q.close();
  });
});
