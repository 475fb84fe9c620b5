import { ClassicLevel } from "classic-level";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessError } from "@sess/core";
import { leveldbProvider } from "../src/index.js";
import { Sandbox, change, inSeconds, newKey } from "./support/sandbox.js";

let box: Sandbox;
let db: ClassicLevel<string, string>;
beforeEach(async () => {
  box = await Sandbox.create();
  db = new ClassicLevel<string, string>(box.dbPath);
  await db.open();
});
afterEach(async () => {
  await db.close();
  await box.cleanup();
});

/** Plants `value` where the provider keeps `key`'s record, as a foreign writer or a damaged disk would. */
const plant = (key: string, value: string) => db.sublevel("sess").put(`r:${key}`, value);

const VALID = 's1|1|99999999999999|{"a":"1"}';
const FOREIGN = ["", "hello", '{"v":1}', "s1|", "s1|x|y|{}", "s1|1|99999999999999|not json", "s2|1|99999999999999|x|ab{}", "s2|1|99999999999999|50|ab{}", "s2|1|99999999999999|0|{}", "s1|1|99999999999999|[1]", 's1|1|99999999999999|{"a":1}', VALID];

describe("corrupt or foreign values", () => {
  it.each(FOREIGN)("%j reads as absent, onError is told, and a new session can take the key", async (value) => {
    const errors: SessError[] = [];
    const p = await leveldbProvider({ db, onError: (e) => errors.push(e) });
    const key = newKey();
    await plant(key, value);
    if (value === VALID) {
      // The one well-formed value: it proves the planting reaches the provider's own records.
      expect((await p.read(key))?.data).toEqual({ a: "1" });
      return;
    }
    expect(await p.read(key)).toBeNull();
    expect(await p.exists(key)).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ code: "DECODE_FAILED", source: "leveldb" });
    expect(await p.write(key, change({ b: "2" }), inSeconds(60))).toBe(false);
    expect(await p.touch(key, inSeconds(60))).toBe(false);
    expect(await p.write(key, change({ fresh: "1" }, true), inSeconds(60))).toBe(true);
    expect((await p.read(key))?.data).toEqual({ fresh: "1" });
    await p.close();
  });

  it("a throwing onError does not fail the read", async () => {
    const p = await leveldbProvider({
      db,
      onError: () => {
        throw new Error("hook failed");
      },
    });
    const key = newKey();
    await plant(key, "garbage");
    expect(await p.read(key)).toBeNull();
    await p.close();
  });

  it("count() does not count an overwritten foreign value twice, and destroy() removes it", async () => {
    const key = newKey();
    await plant(key, "garbage");
    const p = await leveldbProvider({ db, onError: () => undefined });
    expect(await p.count()).toBe(1);
    await p.write(key, change({ a: "1" }, true), inSeconds(60));
    expect(await p.count()).toBe(1);
    await p.destroy(key);
    expect(await p.count()).toBe(0);
    await p.close();
  });
});
