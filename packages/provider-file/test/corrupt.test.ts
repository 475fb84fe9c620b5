import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
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

const live = () => inSeconds(600);
const CORRUPT: Record<string, () => string> = {
  garbage: () => "\u0000\u00ff not json at all",
  truncated: () => JSON.stringify({ v: 1, createdAt: 1, expiresAt: live(), data: { a: "1" } }).slice(0, 30),
  empty: () => "",
  "wrong version": () => JSON.stringify({ v: 2, createdAt: 1, expiresAt: live(), data: {} }),
  "array data": () => JSON.stringify({ v: 1, createdAt: 1, expiresAt: live(), data: ["a"] }),
  "non-string value": () => JSON.stringify({ v: 1, createdAt: 1, expiresAt: live(), data: { a: 1 } }),
  "missing expiry": () => JSON.stringify({ v: 1, createdAt: 1, data: {} }),
  "a JSON string": () => JSON.stringify("hello"),
};

async function plant(recordPath: string, text: string): Promise<void> {
  await mkdir(path.dirname(recordPath), { recursive: true });
  await writeFile(recordPath, text);
}

describe("corrupt records", () => {
  it.each(Object.keys(CORRUPT))("read(key) of a %s record returns null, quarantines it as <key>.corrupt-<ts> and reports DECODE_FAILED", async (kind) => {
    const errors: SessError[] = [];
    const p = await box.open({ onError: (e) => errors.push(e) });
    const key = newKey();
    const text = CORRUPT[kind]!();
    await plant(p.recordPath(key), text);
    expect(await p.read(key)).toBeNull();
    expect(errors.map((e) => e.code)).toEqual(["DECODE_FAILED"]);
    expect(errors[0]!.message).toContain(p.recordPath(key));
    const names = await readdir(path.dirname(p.recordPath(key)));
    const aside = names.filter((n) => n.startsWith(`${key}.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(names).not.toContain(`${key}.json`);
    expect(await readFile(path.join(path.dirname(p.recordPath(key)), aside[0]!), "utf8")).toBe(text);
  });

  it("write(key, not-new change) over a corrupt record resolves false; a new one starts fresh", async () => {
    const p = await box.open();
    const key = newKey();
    await plant(p.recordPath(key), "{ torn");
    expect(await p.write(key, change({ a: "1" }), inSeconds(60))).toBe(false);
    await plant(p.recordPath(key), "{ torn");
    expect(await p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60))).toBe(true);
    expect({ ...(await p.read(key))!.data }).toEqual({ a: "1" });
  });

  it("a directory planted at a record path reads as absent and is quarantined by destroy", async () => {
    const p = await box.open();
    const key = newKey();
    await mkdir(p.recordPath(key), { recursive: true });
    expect(await p.read(key)).toBeNull();
    expect(await p.write(key, change({ a: "1" }, { isNew: true }), inSeconds(60))).toBe(true);
    expect((await p.read(key))?.data.a).toBe("1");
  });

  it("an onError hook that throws never fails the request", async () => {
    const p = await box.open({
      onError: () => {
        throw new Error("hook failed");
      },
    });
    const key = newKey();
    await plant(p.recordPath(key), "garbage");
    expect(await p.read(key)).toBeNull();
  });

  it("a record larger than maxRecordBytes is treated as corrupt instead of being read; write refuses with TOO_LARGE", async () => {
    const errors: SessError[] = [];
    const p = await box.open({ maxRecordBytes: 1024, onError: (e) => errors.push(e) });
    const key = newKey();
    await expect(p.write(key, change({ a: "x".repeat(2000) }, { isNew: true }), inSeconds(60))).rejects.toMatchObject({ code: "TOO_LARGE" });
    expect(await p.read(key)).toBeNull();
    await plant(p.recordPath(key), JSON.stringify({ v: 1, createdAt: 1, expiresAt: live(), data: { a: "x".repeat(2000) } }));
    expect(await p.read(key)).toBeNull();
    expect(errors[0]?.message).toMatch(/maxRecordBytes/);
  });
});
