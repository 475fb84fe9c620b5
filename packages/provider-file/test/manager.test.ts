import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newManager, type Manager } from "@sess/core";
import "../src/index.js";
import { Sandbox } from "./support/helpers.js";
import { snapshot } from "./support/snapshot.js";

let box: Sandbox;
let manager: Manager | undefined;
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await manager?.close();
  await box.cleanup();
});

describe('newManager("file", "sid", 3600, dir)', () => {
  it("stores a session in the directory given as the seed's config string and loads it back", async () => {
    const dir = path.join(box.dir, "tmp");
    manager = await newManager("file", "sid", 3600, dir);
    const session = manager.create();
    session.set("username", "astaxie");
    await session.release();
    expect(await manager.count()).toBe(1);
    const loaded = await manager.load(session.id);
    expect(loaded?.get("username")).toBe("astaxie");
    // A request that only reads writes nothing.
    const before = await snapshot(dir);
    await (await manager.load(session.id))?.release();
    expect(await snapshot(dir)).toEqual(before);
  });

  it("rejects INVALID_CONFIG for a directory path holding a NUL byte", async () => {
    await expect(newManager("file", "sid", 3600, path.join(box.dir, "..", path.basename(box.dir), "\0x"))).rejects.toMatchObject({ code: "INVALID_CONFIG" });
  });
});
