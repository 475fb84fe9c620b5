import { mkdir, readdir, symlink, writeFile } from "node:fs/promises";
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

// The index's upkeep on disk; the subjects conformance group covers the contract.
describe("the file provider's subject index", () => {
  it("keeps one empty entry file per bound session under subjects/<sha256>, and the subject in the record", async () => {
    const p = await box.open();
    const key = newKey();
    await p.write(key, change({ a: "1" }, { isNew: true, subject: "ann" }), inSeconds(60));
    const [dir] = await readdir(path.join(p.dir, "subjects"));
    expect(dir).toMatch(/^[0-9a-f]{64}$/);
    expect(await readdir(path.join(p.dir, "subjects", dir!))).toEqual([key]);
    expect((await p.read(key))?.subject).toBe("ann");
    expect(await p.count()).toBe(1);
  });

  it("listSubject removes the entry of a destroyed session and ignores names that are not keys", async () => {
    const p = await box.open();
    const [gone, kept] = [newKey(), newKey()];
    for (const key of [gone, kept]) await p.write(key, change({ a: "1" }, { isNew: true, subject: "ann" }), inSeconds(60));
    await p.destroy(gone);
    const [dir] = await readdir(path.join(p.dir, "subjects"));
    await writeFile(path.join(p.dir, "subjects", dir!, "not-a-key"), "");
    expect((await p.listSubject("ann")).map((e) => e.key)).toEqual([kept]);
    expect((await readdir(path.join(p.dir, "subjects", dir!))).sort()).toEqual([kept, "not-a-key"].sort());
  });

  it("refuses a symbolic link planted where the subjects directory belongs", async () => {
    const p = await box.open();
    const elsewhere = path.join(box.dir, "elsewhere");
    await mkdir(elsewhere);
    await symlink(elsewhere, path.join(p.dir, "subjects"));
    await expect(p.write(newKey(), change({ a: "1" }, { isNew: true, subject: "ann" }), inSeconds(60))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it("survives close and reopen: a new provider on the directory lists and revokes what the old one bound", async () => {
    const first = await box.open();
    const keys = [newKey(), newKey()];
    for (const key of keys) await first.write(key, change({ a: "1" }, { isNew: true, subject: "ann" }), inSeconds(60));
    await first.close();
    const second = await box.open();
    expect(await second.destroySubject("ann")).toBe(2);
    expect(await second.listSubject("ann")).toEqual([]);
  });
});
