import { describe, expect, it } from "vitest";
import { SessErrorCode, jsonCodec, type Codec } from "../src/index.js";
import { mapManager } from "./support/manager.js";

describe("session.set with the JSON codec", () => {
  const unencodable: [string, unknown][] = [
    ["a function", () => 1],
    ["a symbol", Symbol("s")],
    ["a BigInt", 10n],
    ["a nested function", { a: { b: () => 1 } }],
    ["a nested BigInt", [1, 2n]],
  ];
  it.each(unencodable)("set(k, %s) throws ENCODE_FAILED and stores nothing", async (_label, value) => {
    const { manager, provider } = await mapManager();
    const s = manager.create();
    expect(() => s.set("k", value)).toThrow(expect.objectContaining({ code: SessErrorCode.ENCODE_FAILED }) as Error);
    expect(s.has("k")).toBe(false);
    await s.release();
    expect(provider.entries.size).toBe(0);
  });

  it("set(k, cyclic) throws ENCODE_FAILED naming the key", async () => {
    const { manager } = await mapManager();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => manager.create().set("loop", cyclic)).toThrow(/ENCODE|"loop"/);
    try {
      manager.create().set("loop", cyclic);
    } catch (err) {
      expect(err).toMatchObject({ code: SessErrorCode.ENCODE_FAILED });
      expect((err as Error).message).toContain('"loop"');
      expect((err as Error).cause).toBeInstanceOf(TypeError);
    }
  });

  it("an object mutated into a cycle after set fails at release with ENCODE_FAILED", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    const value: Record<string, unknown> = { a: 1 };
    s.set("obj", value);
    value.self = value;
    await expect(s.release()).rejects.toMatchObject({ code: SessErrorCode.ENCODE_FAILED });
  });

  it("set(k, undefined) deletes the key", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    s.set("k", 1);
    await s.release();
    const loaded = (await manager.load(s.id))!;
    loaded.set("k", undefined);
    expect(loaded.has("k")).toBe(false);
    await loaded.release();
    expect((await manager.load(s.id))?.has("k") ?? false).toBe(false);
  });

  it("values round-trip and never alias the caller's object", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    const value = { list: [1, "two", null], nested: { ok: true } };
    s.set("v", value);
    await s.release();
    value.nested.ok = false;
    const loaded = (await manager.load(s.id))!;
    expect(loaded.get("v")).toEqual({ list: [1, "two", null], nested: { ok: true } });
  });

  it("an in-place change of an object from get() is saved at release", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    s.set("cart", { items: [] as string[] });
    await s.release();
    const loaded = (await manager.load(s.id))!;
    (loaded.get("cart") as { items: string[] }).items.push("apple");
    await loaded.release();
    expect((await manager.load(s.id))!.get("cart")).toEqual({ items: ["apple"] });
  });

  it("a custom codec is used for encode and decode", async () => {
    const codec: Codec = {
      encode: (v) => `x${jsonCodec.encode(v)}`,
      decode: (t) => jsonCodec.decode(t.slice(1)),
    };
    const { manager, provider } = await mapManager({ codec });
    const s = manager.create();
    s.set("n", 42);
    await s.release();
    expect([...provider.entries.values()][0]!.data.n).toBe("x42");
    expect((await manager.load(s.id))!.get("n")).toBe(42);
  });

  it("a stored value that no longer decodes reads as undefined and is reported as DECODE_FAILED", async () => {
    const errors: unknown[] = [];
    const { manager, provider } = await mapManager({ onError: (e) => errors.push(e) });
    const s = manager.create();
    s.set("k", 1);
    await s.release();
    [...provider.entries.values()][0]!.data.k = "{not json";
    const loaded = (await manager.load(s.id))!;
    expect(loaded.get("k")).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ code: SessErrorCode.DECODE_FAILED })]);
  });
});
