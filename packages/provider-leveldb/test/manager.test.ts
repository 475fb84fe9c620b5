import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newManager, type Manager } from "@sess/core";
import "../src/index.js";
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
