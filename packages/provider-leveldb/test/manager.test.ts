import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newManager, type Manager } from "@sess/core";
import { leveldbProvider } from "../src/index.js";
import { Sandbox } from "./support/sandbox.js";

let box: Sandbox;
let manager: Manager | undefined;
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await manager?.close();
  await box.cleanup();
});

describe('newManager("leveldb", "gosessionid", 3600, path)', () => {
  it("saves a session and loads it by id after the manager is closed and opened again (the seed's flow)", async () => {
    const dir = path.join(box.dir, "sessions-db");
    manager = await newManager("leveldb", "gosessionid", 3600, dir);
    const session = manager.create();
    session.set("username", "astaxie");
    await session.release();
    expect(await manager.count()).toBe(1);
    await manager.close();
    manager = await newManager("leveldb", "gosessionid", 3600, { path: dir });
    const loaded = await manager.load(session.id);
    expect(loaded?.get("username")).toBe("astaxie");
    expect(await manager.load("not-an-id")).toBeNull();
  });
});

describe("the clock rule", () => {
  it("the provider compares expiry with the clock the Manager hands it (ProviderOptions.now), not Date.now", async () => {
    let now = Date.now() - 3_600_000;
    const p = await leveldbProvider({ maxLifetime: 60, config: path.join(box.dir, "clock-db"), now: () => now });
    const key = "ab".repeat(32);
    await p.write(key, { isNew: true, clear: false, set: { a: "1" }, deleted: [], createdAt: now }, now + 60_000);
    expect((await p.read(key))?.data).toEqual({ a: "1" });
    now += 120_000; // still an hour behind Date.now, but past the record's expiry on the Manager's clock
    expect(await p.read(key)).toBeNull();
    expect(await p.gc()).toBe(1);
    await p.close();
  });
});
