import { fork } from "node:child_process";
import { mkdir, readdir, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FileProvider } from "../src/index.js";
import { ownerText } from "../src/lock-file.js";
import { Sandbox, change, newKey } from "./support/helpers.js";

let box: Sandbox;
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await box.cleanup();
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = fork("-e", ["0"], { execArgv: [], stdio: "ignore" });
  const pid = child.pid!;
  await new Promise((resolve) => child.once("exit", resolve));
  return pid;
}

function shardOf(p: FileProvider, key: string): string {
  return path.dirname(p.recordPath(key));
}

describe("gc() and count()", () => {
  it("gc() removes expired records, keeps live ones, and returns how many it removed; count() follows", async () => {
    let now = Date.now();
    const p = await box.open({ now: () => now });
    const expiring = [newKey(), newKey(), newKey()];
    const lasting = [newKey(), newKey()];
    for (const k of expiring) await p.write(k, change({ a: "1" }, { isNew: true }), now + 1000);
    for (const k of lasting) await p.write(k, change({ a: "1" }, { isNew: true }), now + 60_000);
    expect(await p.count()).toBe(5);
    now += 1000;
    expect(await p.count()).toBe(2);
    expect(await p.gc()).toBe(3);
    expect(await p.gc()).toBe(0);
    for (const k of expiring) expect((await readdir(shardOf(p, k))).includes(`${k}.json`)).toBe(false);
    for (const k of lasting) expect(await p.exists(k)).toBe(true);
    expect(await p.count()).toBe(2);
  });

  it("gc() keeps a record whose expiry a touch moved past now", async () => {
    let now = Date.now();
    const p = await box.open({ now: () => now });
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), now + 1000);
    await p.touch(key, now + 5000);
    now += 2000;
    expect(await p.gc()).toBe(0);
    expect(await p.count()).toBe(1);
    expect((await p.read(key))?.data.a).toBe("1");
  });

  it("gc() removes stray temp files older than strayTempMs and keeps fresh ones", async () => {
    const p = await box.open({ strayTempMs: 60_000 });
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), Date.now() + 60_000);
    const shard = shardOf(p, key);
    const fresh = `.${key}.123.aaaaaa.tmp`;
    await writeFile(path.join(shard, fresh), "partial");
    expect(await p.gc()).toBe(0);
    expect(await readdir(shard)).toContain(fresh);
    const old = await box.open({ strayTempMs: 0 });
    await new Promise((r) => setTimeout(r, 5));
    await old.gc();
    expect((await readdir(shard)).sort()).toEqual([`${key}.json`]);
  });

  it("gc() removes a lock left by a dead process, a stale-lock leftover and an old quarantined record, and keeps foreign files", async () => {
    const p = await box.open({ quarantineMs: 0, staleLockMs: 60_000 });
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), Date.now() + 60_000);
    const shard = shardOf(p, key);
    const pid = await deadPid();
    await symlink(ownerText(pid, "dead"), path.join(shard, `${key}.lock`));
    await writeFile(path.join(shard, `${key}.lock.stale-1-abcdef`), "{}");
    await utimes(path.join(shard, `${key}.lock.stale-1-abcdef`), 1, 1);
    await writeFile(path.join(shard, `${key}.corrupt-1`), "garbage");
    await writeFile(path.join(shard, "notes.txt"), "not ours");
    await writeFile(path.join(p.dir, "README"), "not ours");
    await mkdir(path.join(p.dir, "zz"));
    await new Promise((r) => setTimeout(r, 5));
    expect(await p.gc()).toBe(0);
    // utimes changed the leftover's ctime to now: it goes on a later pass with a small staleLockMs.
    const quick = await box.open({ staleLockMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    await quick.gc();
    expect((await readdir(shard)).sort()).toEqual([`${key}.json`, "notes.txt"]);
    expect((await readdir(p.dir)).sort()).toContain("README");
    expect(await p.count()).toBe(1);
  });

  it("gc() with checkOwnerPid: false leaves a fresh lock of a dead pid until staleLockMs", async () => {
    const p = await box.open({ checkOwnerPid: false });
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), Date.now() + 60_000);
    await symlink(ownerText(await deadPid(), "other-namespace"), path.join(shardOf(p, key), `${key}.lock`));
    await p.gc();
    expect(await readdir(shardOf(p, key))).toContain(`${key}.lock`);
  });

  it("gc() leaves a fresh lock held by a live process alone", async () => {
    const p = await box.open();
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), Date.now() + 60_000);
    const lock = path.join(shardOf(p, key), `${key}.lock`);
    // The hard-link fallback's form: a regular file holding the owner.
    await writeFile(lock, ownerText(process.pid, "live"));
    await p.gc();
    expect(await readdir(shardOf(p, key))).toContain(`${key}.lock`);
    const short = await box.open({ lockTimeoutMs: 50 });
    await expect(short.write(key, change({ b: "2" }), Date.now() + 60_000)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringMatching(/timed out/) });
  });

  it("count() and gc() work with shardDepth 0 and 1", async () => {
    for (const shardDepth of [0, 1]) {
      const p = await box.open({ shardDepth }, `depth-${shardDepth}`);
      const key = newKey();
      await p.write(key, change({ a: "1" }, { isNew: true }), Date.now() + 60_000);
      await p.write(newKey(), change({ a: "1" }, { isNew: true }), Date.now() - 1);
      expect(path.relative(p.dir, p.recordPath(key)).split(path.sep)).toHaveLength(shardDepth + 1);
      expect(await p.count()).toBe(1);
      expect(await p.gc()).toBe(1);
    }
  });
});
