import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sandbox, change, inSeconds, newKey } from "./support/helpers.js";
import { Worker } from "./support/child.js";

let box: Sandbox;
const workers: Worker[] = [];
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
  await box.cleanup();
});

/** Every file under `dir` whose name ends in `suffix`. */
async function filesEnding(dir: string, suffix: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((n) => n.endsWith(suffix)).map((n) => path.join(dir, n));
}

describe("kill -9 during writes", () => {
  it.each([false, true])("a writer killed at random moments (durable: %s) leaves every record whole, and its locks and temp files are recovered", async (durable) => {
    const dir = path.join(box.dir, "sessions");
    const keys = [newKey(), newKey(), newKey(), newKey()];
    // staleLockMs is an hour, so a write can only get past a lock the killed writer held by the dead-pid rule.
    const p = await box.open({ durable, staleLockMs: 3_600_000, lockTimeoutMs: 20_000 });
    for (let round = 0; round < 6; round++) {
      const w = new Worker("crashLoop", { dir, durable }, { keys });
      workers.push(w);
      await w.ready;
      await sleep(5 + Math.random() * 120);
      await w.kill();
      workers.splice(workers.indexOf(w), 1);
      for (const file of await filesEnding(dir, ".json")) {
        const text = await readFile(file, "utf8");
        const record = JSON.parse(text);
        expect(record.v).toBe(1);
        expect(createHash("sha256").update(record.data.body).digest("hex")).toBe(record.data.sum);
      }
      for (const key of keys) {
        const got = await p.read(key);
        expect(got?.data.sum).toBe(createHash("sha256").update(got!.data.body!).digest("hex"));
      }
    }
    // The dead writer's lock files are taken over at once (its pid is gone), not after staleLockMs.
    for (const key of keys) expect(await p.write(key, change({ after: "kill" }), inSeconds(60))).toBe(true);
    expect(await filesEnding(dir, ".lock")).toEqual([]);
    const gcNow = await box.open({ strayTempMs: 0 });
    expect(await gcNow.gc()).toBe(0);
    expect(await filesEnding(dir, ".tmp")).toEqual([]);
    for (const key of keys) expect((await p.read(key))?.data.after).toBe("kill");
  });
});
