import { afterEach, describe, expect, it, vi } from "vitest";
import { SessErrorCode } from "../src/index.js";
import { newSessionId } from "../src/provider.js";
import { mapManager } from "./support/manager.js";
import { storeCalls } from "./support/map-provider.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("startGC", () => {
  it.each([0, -1, Number.NaN])("startGC(%s) throws INVALID_CONFIG", async (interval) => {
    const { manager } = await mapManager();
    expect(() => manager.startGC(interval)).toThrow(expect.objectContaining({ code: SessErrorCode.INVALID_CONFIG }) as Error);
  });

  it("runs gc every interval until the returned stop function is called", async () => {
    vi.useFakeTimers();
    const { manager, provider } = await mapManager();
    const stop = manager.startGC(5);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(provider.count_("gc")).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(provider.count_("gc")).toBe(3);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(provider.count_("gc")).toBe(3);
  });

  it("removes expired sessions and reports a failed pass to onError", async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    const { manager, provider, clock } = await mapManager({ maxLifetime: 10, onError: (e) => errors.push(e) });
    const s = manager.create();
    s.set("k", 1);
    await s.release();
    clock.now += 11_000;
    const stop = manager.startGC(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(provider.entries.size).toBe(0);
    provider.gc = () => Promise.reject(new Error("disk on fire"));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toHaveLength(1);
    stop();
  });
});

describe("close", () => {
  it("close() closes the provider once and later calls reject CLOSED", async () => {
    const { manager, provider } = await mapManager();
    await manager.close();
    await manager.close();
    expect(provider.count_("close")).toBe(1);
    const closed = expect.objectContaining({ code: SessErrorCode.CLOSED }) as Error;
    await expect(manager.count()).rejects.toEqual(closed);
    await expect(manager.gc()).rejects.toEqual(closed);
    await expect(manager.load(newSessionId())).rejects.toEqual(closed);
    expect(() => manager.create()).toThrow(closed);
    expect(() => manager.startGC(1)).toThrow(closed);
  });

  it("close() stops a running GC timer", async () => {
    vi.useFakeTimers();
    const { manager, provider } = await mapManager();
    manager.startGC(1);
    await manager.close();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(provider.count_("gc")).toBe(0);
  });
});

describe("load", () => {
  it("load(malformed id) resolves null without asking the provider", async () => {
    const { manager, provider } = await mapManager();
    for (const id of ["", "x", "../../etc/passwd", "a".repeat(10_000), newSessionId() + "A", "\0".repeat(43)]) {
      expect(await manager.load(id)).toBeNull();
    }
    expect(storeCalls(provider)).toBe(0);
  });

  it("load(an id never issued) resolves null", async () => {
    const { manager } = await mapManager();
    expect(await manager.load(newSessionId())).toBeNull();
  });

  it("the provider sees only the SHA-256 storage key, never the id", async () => {
    const { manager, provider } = await mapManager();
    const s = manager.create();
    s.set("k", 1);
    await s.release();
    const [key] = [...provider.entries.keys()];
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(s.id);
  });

  it("an idle session past its expiry and one past absoluteTimeout do not load", async () => {
    const { manager, clock } = await mapManager({ maxLifetime: 100, absoluteTimeout: 250 });
    const s = manager.create();
    s.set("k", 1);
    await s.release();
    clock.now += 90_000;
    const a = (await manager.load(s.id))!;
    a.set("k", 2);
    await a.release();
    clock.now += 90_000;
    const b = (await manager.load(s.id))!;
    b.set("k", 3);
    await b.release();
    clock.now += 69_000; // 249 s after creation, idle 69 s: still live
    expect((await manager.load(s.id))?.get("k")).toBe(3);
    clock.now += 1_000; // 250 s: the absolute limit
    expect(await manager.load(s.id)).toBeNull();
  });
});
