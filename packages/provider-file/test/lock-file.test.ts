import { lstat, symlink } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ownerText, useHardLinkLocks } from "../src/lock-file.js";
import { Sandbox, change, inSeconds, newKey } from "./support/helpers.js";

let box: Sandbox;
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  useHardLinkLocks(false);
  await box.cleanup();
});

describe.each(["symlink", "hard-link"])("per-session lock files (%s form)", (form) => {
  beforeEach(() => useHardLinkLocks(form === "hard-link"));

  it("two providers on one directory (separate in-process queues) writing different keys of one session lose none", async () => {
    const [p, q] = [await box.open(), await box.open()];
    const key = newKey();
    await p.write(key, change({}, { isNew: true }), inSeconds(600));
    const writes: Promise<boolean>[] = [];
    for (let i = 0; i < 40; i++) {
      writes.push(p.write(key, change({ [`p${i}`]: "1" }), inSeconds(600)));
      writes.push(q.write(key, change({ [`q${i}`]: "1" }), inSeconds(600)));
    }
    expect((await Promise.all(writes)).every(Boolean)).toBe(true);
    expect(Object.keys((await p.read(key))!.data)).toHaveLength(80);
    const lock = path.join(path.dirname(p.recordPath(key)), `${key}.lock`);
    await expect(lstat(lock)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("a lock older than staleLockMs is taken over even though its owner is alive", async () => {
    const p = await box.open({ staleLockMs: 100, lockTimeoutMs: 10_000 });
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(600));
    await symlink(ownerText(process.pid, "stuck"), path.join(path.dirname(p.recordPath(key)), `${key}.lock`));
    expect(await p.write(key, change({ b: "2" }), inSeconds(600))).toBe(true);
    expect({ ...(await p.read(key))!.data }).toEqual({ a: "1", b: "2" });
  });
});
