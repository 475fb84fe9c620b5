import { describe, expect, it } from "vitest";
import { SessErrorCode } from "../src/index.js";
import { mapManager } from "./support/manager.js";

describe("prototype pollution", () => {
  it("__proto__ and constructor are ordinary keys and pollute nothing", async () => {
    const { manager, provider } = await mapManager();
    const s = manager.create();
    s.set("__proto__", { polluted: true });
    s.set("constructor", { prototype: { polluted: true } });
    s.set("prototype", { polluted: true });
    s.set("x", JSON.parse('{"__proto__": {"polluted": true}}'));
    await s.release();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const loaded = (await manager.load(s.id))!;
    expect(loaded.get("__proto__")).toEqual({ polluted: true });
    expect(loaded.get("constructor")).toEqual({ prototype: { polluted: true } });
    expect(loaded.keys().sort()).toEqual(["__proto__", "constructor", "prototype", "x"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
    const stored = [...provider.entries.values()][0]!.data;
    expect(Object.keys(stored)).toContain("__proto__");
  });

  it("a fresh session has no inherited keys", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    for (const key of ["toString", "hasOwnProperty", "__proto__", "constructor", "valueOf"]) {
      expect(s.has(key)).toBe(false);
      expect(s.get(key)).toBeUndefined();
    }
  });
});

describe("data keys", () => {
  it("keys starting with $sess: are rejected with INVALID_KEY", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    for (const call of [() => s.set("$sess:flash", 1), () => s.get("$sess:persist"), () => s.delete("$sess:x"), () => s.has("$sess:")]) {
      expect(call).toThrow(expect.objectContaining({ code: SessErrorCode.INVALID_KEY }) as Error);
    }
  });

  it("empty, over-long and lone-surrogate keys are rejected with INVALID_KEY", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    for (const key of ["", "k".repeat(257), "\uD800"]) {
      expect(() => s.set(key, 1)).toThrow(expect.objectContaining({ code: SessErrorCode.INVALID_KEY }) as Error);
    }
    s.set("k".repeat(256), 1);
    s.set("a.b $c\\d\0e 😀", 2);
    expect(s.keys()).toHaveLength(2);
  });

  it("keys() hides internal keys (flashes, remember-me)", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    s.set("user", "ann");
    s.flash("info", "hi");
    s.rememberMe(false);
    expect(s.keys()).toEqual(["user"]);
  });
});

describe("maxSize", () => {
  it("set() of one value larger than maxSize throws TOO_LARGE and keeps the old value", async () => {
    const { manager } = await mapManager({ maxSize: 100 });
    const s = manager.create();
    s.set("k", "small");
    expect(() => s.set("k", "x".repeat(200))).toThrow(expect.objectContaining({ code: SessErrorCode.TOO_LARGE }) as Error);
    expect(s.get("k")).toBe("small");
  });

  it("release() of data larger than maxSize in total rejects TOO_LARGE and writes nothing", async () => {
    const { manager, provider } = await mapManager({ maxSize: 100 });
    const s = manager.create();
    for (let i = 0; i < 5; i++) s.set(`k${i}`, "x".repeat(30));
    await expect(s.release()).rejects.toMatchObject({ code: SessErrorCode.TOO_LARGE });
    expect(provider.count_("write")).toBe(0);
    s.delete("k0");
    s.delete("k1");
    s.delete("k2"); // 2 keys of 2 + 32 bytes each remain
    await expect(s.release()).resolves.toBe(true);
    expect(provider.entries.size).toBe(1);
  });

  it("counts UTF-8 bytes, not characters", async () => {
    const { manager } = await mapManager({ maxSize: 100 });
    const s = manager.create();
    expect(() => s.set("k", "é".repeat(60))).toThrow(expect.objectContaining({ code: SessErrorCode.TOO_LARGE }) as Error);
  });
});

describe("flashes", () => {
  it("flash values last until flashes(key) reads them", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    s.flash("info", "saved");
    s.flash("info", "twice");
    s.flash("error", "oops");
    await s.release();
    const next = (await manager.load(s.id))!;
    expect(next.flashes("info")).toEqual(["saved", "twice"]);
    expect(next.flashes("info")).toEqual([]);
    await next.release();
    const after = (await manager.load(s.id))!;
    expect(after.flashes("info")).toEqual([]);
    expect(after.flashes("error")).toEqual(["oops"]);
    await after.release();
    expect((await manager.load(s.id))!.flashes("error")).toEqual([]);
  });
});

describe("flush", () => {
  it("flush() removes every key in the store, not just the ones loaded", async () => {
    const { manager } = await mapManager();
    const s = manager.create();
    s.set("a", 1);
    s.set("b", 2);
    await s.release();
    const loaded = (await manager.load(s.id))!;
    loaded.flush();
    loaded.set("c", 3);
    await loaded.release();
    expect((await manager.load(s.id))!.keys()).toEqual(["c"]);
  });
});
