import { symlink } from "node:fs/promises";
import path from "node:path";
import { ClassicLevel } from "classic-level";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newManager, SessError } from "@sess/core";
import { leveldbProvider } from "../src/index.js";
import { Worker } from "./support/child.js";
import { Sandbox, change, inSeconds, newKey } from "./support/sandbox.js";

let box: Sandbox;
const workers: Worker[] = [];
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
  await box.cleanup();
});

describe("one process owns a directory", () => {
  it("newManager in a second process's presence rejects STORE_UNAVAILABLE naming the LOCK file and the path, at once", async () => {
    const holder = new Worker("hold", { path: box.dbPath });
    workers.push(holder);
    await holder.ready;
    const started = Date.now();
    const err = await newManager("leveldb", "gosessionid", 3600, box.dbPath).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SessError);
    expect(err).toMatchObject({ code: "STORE_UNAVAILABLE", source: "leveldb" });
    expect((err as Error).message).toContain(`${box.dbPath}/LOCK`);
    expect((err as Error).message).toContain("another process holds it");
    // Not a hang: LevelDB's lock is taken without waiting (the bound is generous for a loaded machine).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("the directory opens once the other process is gone, with what that process wrote", async () => {
    const key = newKey();
    const first = await box.open();
    await first.write(key, change({ a: "1" }, true), inSeconds(60));
    await first.close();
    const crash = new Worker("crashLoop", { path: box.dbPath, keys: [newKey(), newKey()], ackFile: `${box.dir}/acks.jsonl` });
    workers.push(crash);
    await crash.ready;
    await crash.kill();
    workers.splice(0);
    const again = await box.open();
    expect((await again.read(key))?.data).toEqual({ a: "1" });
  });
});

describe("a second provider on the directory in this process", () => {
  it("rejects STORE_UNAVAILABLE naming the LOCK file and leaves the first provider's lock in force for other processes", async () => {
    const first = await box.open();
    await expect(box.open()).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringContaining(`${box.dbPath}/LOCK`) });
    // LevelDB drops the process's lock when it refuses a second open itself; the provider must not let it get that far.
    const intruder = new Worker("hold", { path: box.dbPath });
    workers.push(intruder);
    await expect(intruder.ready).rejects.toThrow(/STORE_UNAVAILABLE.*LOCK/);
    const key = newKey();
    expect(await first.write(key, change({ still: "mine" }, true), inSeconds(60))).toBe(true);
    await first.close();
    const second = await box.open();
    expect((await second.read(key))?.data).toEqual({ still: "mine" });
  });
});

describe("the same directory by another road in this process", () => {
  it("a provider given the path of a database the application passed as { db } is refused, and the lock stays in force for other processes", async () => {
    const db = new ClassicLevel<string, string>(box.dbPath);
    const shared = await leveldbProvider({ db, onError: () => undefined });
    try {
      await expect(box.open()).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringContaining("this process already has it open") });
      const intruder = new Worker("hold", { path: box.dbPath });
      workers.push(intruder);
      await expect(intruder.ready).rejects.toThrow(/STORE_UNAVAILABLE.*LOCK/);
      const key = newKey();
      expect(await shared.write(key, change({ still: "mine" }, true), inSeconds(60))).toBe(true);
      await shared.close();
      await db.close();
      const next = await box.open();
      expect((await next.read(key))?.data).toEqual({ still: "mine" });
    } finally {
      await shared.close();
      await db.close();
    }
  });

  it("a provider on a symlink to a directory another provider holds is refused; the holder's 100 acknowledged writes survive", async () => {
    const link = path.join(box.dir, "link");
    const first = await box.open();
    await symlink(box.dbPath, link, "dir");
    await expect(leveldbProvider({ path: link, onError: () => undefined })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    const keys = Array.from({ length: 100 }, () => newKey());
    for (const key of keys) expect(await first.write(key, change({ k: key.slice(0, 8) }, true), inSeconds(60))).toBe(true);
    await first.close();
    const again = await box.open();
    for (const key of keys) expect((await again.read(key))?.data).toEqual({ k: key.slice(0, 8) });
  });
});
