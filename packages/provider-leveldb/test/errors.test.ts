import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ClassicLevel } from "classic-level";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newManager } from "@sess/core";
import { leveldbProvider } from "../src/index.js";
import { Sandbox, change, inSeconds, newKey } from "./support/sandbox.js";

let box: Sandbox;
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => box.cleanup());

describe("configuration", () => {
  it.each([
    ["no path", {}],
    ["an empty path", { path: " " }],
    ["a NUL byte", { path: "a\0b" }],
    ["a number", 42],
    ["both path and db", { path: "x", db: {} }],
    ["a db that is not a database", { db: { get: 1 } }],
    ["a bad namespace", { path: "x", namespace: "a/b" }],
    ["durable not a boolean", { path: "x", durable: "yes" }],
    ["syncReads not a boolean", { path: "x", syncReads: 1 }],
  ])("%s rejects INVALID_CONFIG", async (_, config) => {
    await expect(newManager("leveldb", "sid", 3600, config)).rejects.toMatchObject({ code: "INVALID_CONFIG", source: "leveldb" });
  });

  it("a path that is a file rejects INVALID_CONFIG naming it", async () => {
    const file = path.join(box.dir, "file");
    await writeFile(file, "x");
    await expect(leveldbProvider(file)).rejects.toMatchObject({ code: "INVALID_CONFIG", message: expect.stringContaining(file) });
  });

  it("a passed database that was closed rejects INVALID_CONFIG", async () => {
    const db = new ClassicLevel<string, string>(box.dbPath);
    await db.open();
    await db.close();
    await expect(leveldbProvider({ db })).rejects.toMatchObject({ code: "INVALID_CONFIG" });
  });

  it("two providers on one namespace of a passed database reject INVALID_CONFIG; another namespace is kept apart", async () => {
    const db = new ClassicLevel<string, string>(box.dbPath);
    const a = await leveldbProvider({ db });
    await expect(leveldbProvider({ db })).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    const b = await leveldbProvider({ db, namespace: "other" });
    await a.write(newKey(), change({ x: "1" }, true), inSeconds(60));
    expect(await b.count()).toBe(0);
    await a.close();
    await b.close();
    // close() leaves the application's database open.
    expect(db.status).toBe("open");
    await db.close();
  });
});

describe("a database that goes away under the provider", () => {
  it.each([true, false])("calls reject STORE_UNAVAILABLE (not a raw level error) once the passed database is closed (syncReads: %s)", async (syncReads) => {
    const db = new ClassicLevel<string, string>(box.dbPath);
    const p = await leveldbProvider({ db, syncReads });
    const key = newKey();
    await p.write(key, change({ a: "1" }, true), inSeconds(60));
    await db.close();
    await expect(p.read(key)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", source: "leveldb" });
    await expect(p.write(key, change({ b: "1" }), inSeconds(60))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    await expect(p.gc()).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    await p.close();
  });

  it("calls after close() reject CLOSED", async () => {
    const p = await box.open();
    await p.close();
    await expect(p.read(newKey())).rejects.toMatchObject({ code: "CLOSED" });
    await expect(p.count()).rejects.toMatchObject({ code: "CLOSED" });
  });

  it("a non-finite expiresAt rejects with a SessError and stores nothing", async () => {
    const p = await box.open();
    const key = newKey();
    await expect(p.write(key, change({ a: "1" }, true), Number.NaN)).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    expect(await p.exists(key)).toBe(false);
  });
});

describe("a passed database with other default encodings", () => {
  it("stores sessions as utf8 beside the application's own json values, which it leaves alone", async () => {
    const db = new ClassicLevel<string, unknown>(box.dbPath, { valueEncoding: "json" });
    await db.put("app:config", { theme: "dark" });
    const p = await leveldbProvider({ db, onError: () => undefined });
    const key = newKey();
    await p.write(key, { ...change({ a: "1" }, true), subject: "ada" }, inSeconds(60));
    expect((await p.read(key))?.data).toEqual({ a: "1" });
    expect((await p.listSubject("ada")).map((s) => s.key)).toEqual([key]);
    expect(await p.count()).toBe(1);
    await p.close();
    expect(await db.get("app:config")).toEqual({ theme: "dark" });
    const again = await leveldbProvider({ db, onError: () => undefined });
    expect((await again.read(key))?.data).toEqual({ a: "1" });
    await again.close();
    await db.close();
  });
});
