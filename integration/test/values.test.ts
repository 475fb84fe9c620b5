import { afterEach, describe, expect, it } from "vitest";
import { startNodeApp, type Harness } from "./support/apps.js";

describe("values through the Manager and the memory provider", () => {
  let app: Harness;
  afterEach(async () => app?.close());

  const keys = ["a:b", "3:x", "0:", ":", "12", "\0", "x\0y", '"quoted"', "a.b.c", "$dollar", "back\\slash", " ", "😀 four-byte", "__proto__", "constructor", "k".repeat(256)];
  const values: unknown[] = ["", "a:b", "5:hello", "\0nul\0", "😀", 0, -1.5, 1e21, null, true, [1, [2, "3:"]], { "__proto__": { polluted: 1 }, ":": ":" }];

  it("any key and value round-trips, and nothing is polluted", async () => {
    app = await startNodeApp();
    const s = app.manager.create();
    keys.forEach((k, i) => s.set(k, values[i % values.length]));
    await s.release();
    const loaded = (await app.manager.load(s.id))!;
    expect(loaded.keys().sort()).toEqual([...keys].sort());
    keys.forEach((k, i) => expect(loaded.get(k), JSON.stringify(k)).toEqual(values[i % values.length]));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("deleting and changing keys with separators leaves the others intact", async () => {
    app = await startNodeApp();
    const s = app.manager.create();
    keys.forEach((k) => s.set(k, k));
    await s.release();
    const a = (await app.manager.load(s.id))!;
    a.delete("a:b");
    a.set("3:x", "changed:3:");
    await a.release();
    const b = (await app.manager.load(s.id))!;
    expect(b.has("a:b")).toBe(false);
    expect(b.get("3:x")).toBe("changed:3:");
    for (const k of keys.filter((k) => k !== "a:b" && k !== "3:x")) expect(b.get(k)).toBe(k);
  });

  it("a value object handed to set and mutated afterwards does not change the stored value", async () => {
    app = await startNodeApp();
    const s = app.manager.create();
    const cart = { items: ["apple"] };
    s.set("cart", cart);
    await s.release();
    cart.items.push("pear");
    expect((await app.manager.load(s.id))!.get("cart")).toEqual({ items: ["apple"] });
    const read = await app.store.provider.read("0".repeat(64));
    expect(read).toBeNull();
  });
});
