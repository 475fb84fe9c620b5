import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessErrorCode, createManager, newManager, providers } from "../src/index.js";
import { register, type Provider, type ProviderFactory } from "../src/provider.js";
import { resetRegistry, unregister } from "../src/testing.js";
import { MapProvider } from "./support/map-provider.js";

function expectCode(fn: () => unknown, code: string, message?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toMatchObject({ name: "SessError", code });
  if (message) expect((caught as Error).message).toMatch(message);
}

/** A factory that counts how many providers it opened. */
function countingFactory(): { factory: ProviderFactory; opened: MapProvider[] } {
  const opened: MapProvider[] = [];
  return {
    opened,
    factory: () => {
      const p = new MapProvider();
      opened.push(p);
      return p;
    },
  };
}

beforeEach(() => resetRegistry());
afterEach(() => resetRegistry());

describe("register", () => {
  it("register('', f) throws INVALID_PROVIDER", () => {
    expectCode(() => register("", () => new MapProvider()), SessErrorCode.INVALID_PROVIDER, /empty/);
    expectCode(() => register("   ", () => new MapProvider()), SessErrorCode.INVALID_PROVIDER);
    expect(providers()).toEqual([]);
  });

  it("register(name, undefined) throws INVALID_PROVIDER", () => {
    expectCode(() => register("x", undefined as unknown as ProviderFactory), SessErrorCode.INVALID_PROVIDER, /factory/);
    expectCode(() => register("x", new MapProvider() as unknown as ProviderFactory), SessErrorCode.INVALID_PROVIDER);
    expect(providers()).toEqual([]);
  });

  it("register twice under one name throws DUPLICATE_PROVIDER and keeps the first", async () => {
    const first = countingFactory();
    register("dup", first.factory);
    expectCode(() => register("dup", () => new MapProvider()), SessErrorCode.DUPLICATE_PROVIDER, /"dup"/);
    const m = await newManager("dup", "sid", 60);
    expect(first.opened).toHaveLength(1);
    await m.close();
  });

  it("a second copy of the same provider module (one per bundle, as Next.js makes) registers without DUPLICATE_PROVIDER", async () => {
    // Each call is one evaluation of the same module source: the same text, another function object.
    const moduleCopy = () => () => new MapProvider();
    const first = moduleCopy();
    const second = moduleCopy();
    expect(second).not.toBe(first);
    register("bundled", first);
    expect(() => register("bundled", second)).not.toThrow();
    expect(providers()).toEqual(["bundled"]);
    const m = await newManager("bundled", "sid", 60);
    await m.close();
  });

  it("providers() returns the names sorted", () => {
    for (const name of ["redis", "file", "memory", "mysql"]) register(name, () => new MapProvider());
    expect(providers()).toEqual(["file", "memory", "mysql", "redis"]);
  });
});

describe("newManager with an unregistered name", () => {
  it("rejects UNKNOWN_PROVIDER naming the package to import", async () => {
    await expect(newManager("x", "sid", 60)).rejects.toMatchObject({
      code: SessErrorCode.UNKNOWN_PROVIDER,
      message: expect.stringContaining('"@sess/provider-x"') as unknown,
    });
  });
});

describe("resetRegistry / unregister from @sess/core/testing", () => {
  it("resetRegistry() forgets every name", () => {
    register("a", () => new MapProvider());
    register("b", () => new MapProvider());
    resetRegistry();
    expect(providers()).toEqual([]);
    register("a", () => new MapProvider()); // no DUPLICATE after a reset
    expect(providers()).toEqual(["a"]);
  });

  it("unregister(name) forgets one name", () => {
    register("a", () => new MapProvider());
    expect(unregister("a")).toBe(true);
    expect(unregister("a")).toBe(false);
    expect(providers()).toEqual([]);
  });

  it("the published subpath clears the same registry", async () => {
    const testing = (await import("@sess/core/testing")) as { resetRegistry: () => void };
    register("a", () => new MapProvider());
    testing.resetRegistry();
    expect(providers()).toEqual([]);
  });
});

describe("factories, not shared instances", () => {
  it("two managers on one name get two provider instances", async () => {
    const { factory, opened } = countingFactory();
    register("counted", factory);
    const a = await newManager("counted", "a", 60);
    const b = await newManager("counted", "b", 60);
    expect(opened).toHaveLength(2);
    expect(a.provider).not.toBe(b.provider);
    const s = a.create();
    s.set("k", 1);
    await s.release();
    expect(await a.count()).toBe(1);
    expect(await b.count()).toBe(0);
    await a.close();
    await b.close();
    expect(opened.map((p) => p.closed)).toEqual([true, true]);
  });

  it("the factory receives maxLifetime, the provider config, the Manager's clock and its cookie's name and size", async () => {
    const seen: unknown[] = [];
    register("cfg", (options) => {
      seen.push(options);
      return new MapProvider();
    });
    const now = () => 42;
    const m = await newManager("cfg", "sid", 1800, "127.0.0.1:6379,100,secret", { now });
    // "sid=; Max-Age=34560000; Expires=<29>; Path=/; HttpOnly; SameSite=Lax; Secure": the longest Set-Cookie but its value.
    const overhead = "sid=; Max-Age=34560000; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax; Secure".length;
    expect(seen).toEqual([{ maxLifetime: 1800, config: "127.0.0.1:6379,100,secret", now, cookieName: "sid", cookieOverhead: overhead }]);
    await m.close();
  });

  it("an async factory that rejects makes newManager reject", async () => {
    register("down", async () => {
      throw new Error("connect ECONNREFUSED");
    });
    await expect(newManager("down", "sid", 60)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("createManager", () => {
  it("createManager({ provider: instance }) uses the instance without the registry", async () => {
    const p = new MapProvider();
    const m = await createManager({ provider: p, maxLifetime: 60 });
    expect(m.provider).toBe(p);
    expect(m.cookieName).toBe("sid");
    expect(providers()).toEqual([]);
    await m.close();
  });

  it("createManager({ provider: object lacking methods }) rejects INVALID_PROVIDER naming them", async () => {
    const half = { name: "half", read: async () => null } as unknown as Provider;
    await expect(createManager({ provider: half, maxLifetime: 60 })).rejects.toMatchObject({
      code: SessErrorCode.INVALID_PROVIDER,
      message: expect.stringMatching(/write.*close/) as unknown,
    });
  });

  it("a factory returning a non-provider rejects INVALID_PROVIDER", async () => {
    register("bad", () => ({}) as Provider);
    await expect(newManager("bad", "sid", 60)).rejects.toMatchObject({ code: SessErrorCode.INVALID_PROVIDER });
  });
});
