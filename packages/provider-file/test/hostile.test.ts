import { lstat, mkdir, readFile, readlink, symlink, writeFile, link, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessError } from "@sess/core";
import { Sandbox, change, inSeconds, newKey } from "./support/helpers.js";

let box: Sandbox;
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await box.cleanup();
});

const HOSTILE = ["../../etc/passwd", "..", "", "A".repeat(64), `${"a".repeat(63)}/`, `${"a".repeat(62)}/.`, "a".repeat(65), `${"a".repeat(63)}\0`, "/etc/passwd"];

describe("hostile keys and planted links", () => {
  it.each(HOSTILE)("every method rejects the key %j with INVALID_KEY and touches no file", async (bad) => {
    const p = await box.open();
    const ok = newKey();
    const calls = [
      p.read(bad),
      p.exists(bad),
      p.write(bad, change({ a: "1" }, { isNew: true }), inSeconds(60)),
      p.touch(bad, inSeconds(60)),
      p.destroy(bad),
      p.regenerate(bad, ok),
      p.regenerate(ok, bad),
    ];
    for (const call of calls) await expect(call).rejects.toMatchObject({ code: "INVALID_KEY" });
    expect(await readdir(p.dir)).toEqual([]);
  });

  it("a symlink planted at a record path pointing outside is never followed", async () => {
    const p = await box.open();
    const key = newKey();
    const outside = path.join(box.dir, "outside.json");
    const secret = JSON.stringify({ v: 1, createdAt: 1, expiresAt: inSeconds(600), data: { stolen: "yes" } });
    await writeFile(outside, secret);
    await p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60));
    await p.destroy(key);
    await symlink(outside, p.recordPath(key));
    expect(await p.read(key)).toBeNull();
    expect(await p.write(key, change({ a: "2" }), inSeconds(60))).toBe(false);
    expect(await p.write(key, change({ a: "3" }, { isNew: true }), inSeconds(60))).toBe(true);
    expect((await lstat(p.recordPath(key))).isSymbolicLink()).toBe(false);
    expect(await readFile(outside, "utf8")).toBe(secret);
    await p.touch(key, inSeconds(900));
    expect(await readFile(outside, "utf8")).toBe(secret);
  });

  it("a symlink planted as a shard directory is refused with STORE_UNAVAILABLE and nothing is written outside", async () => {
    const errors: SessError[] = [];
    const p = await box.open({ shardDepth: 2, onError: (e) => errors.push(e) });
    const outside = path.join(box.dir, "outside");
    await mkdir(outside);
    const key = newKey();
    await symlink(outside, path.join(p.dir, key.slice(0, 2)));
    await expect(p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    await mkdir(path.join(outside, key.slice(2, 4)));
    await writeFile(path.join(outside, key.slice(2, 4), `${key}.json`), JSON.stringify({ v: 1, createdAt: 1, expiresAt: inSeconds(60), data: {} }));
    await expect(p.read(key)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringMatching(/symbolic link/) });
    await expect(p.destroy(key)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect(await readdir(path.join(outside, key.slice(2, 4)))).toEqual([`${key}.json`]);
    expect(await readlink(path.join(p.dir, key.slice(0, 2)))).toBe(outside);
    expect(await p.count()).toBe(0);
    expect(await p.gc()).toBe(0);
    expect(await readdir(path.join(outside, key.slice(2, 4)))).toEqual([`${key}.json`]);
  });

  it("a hard link planted at a record path is treated as corrupt, and the linked file is left intact", async () => {
    const errors: SessError[] = [];
    const p = await box.open({ onError: (e) => errors.push(e) });
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60));
    await p.destroy(key);
    const outside = path.join(box.dir, "outside.json");
    const text = JSON.stringify({ v: 1, createdAt: 1, expiresAt: inSeconds(600), data: { stolen: "yes" } });
    await writeFile(outside, text);
    await link(outside, p.recordPath(key));
    expect(await p.read(key)).toBeNull();
    expect(errors.map((e) => e.code)).toContain("DECODE_FAILED");
    expect(await readFile(outside, "utf8")).toBe(text);
  });
});
