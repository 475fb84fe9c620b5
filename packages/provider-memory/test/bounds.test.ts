import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createManager, isSessError, SessErrorCode } from "@sess/core";
import { type ChangeSet } from "@sess/core/provider";
import { DEFAULT_MAX_BYTES, memoryProvider } from "../src/index.js";

const HOUR = 3_600_000;

function key(): string {
  return randomBytes(32).toString("hex");
}

function created(set: Record<string, string>): ChangeSet {
  return { isNew: true, clear: false, set, deleted: [], createdAt: Date.now() };
}

function changed(set: Record<string, string>): ChangeSet {
  return { isNew: false, clear: false, set, deleted: [], createdAt: Date.now() };
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe("the memory provider's bound", () => {
  it("memoryProvider() with no options keeps at most DEFAULT_MAX_BYTES (64 MiB): 1,100 sessions of 64 KiB leave under 1,024", async () => {
    expect(DEFAULT_MAX_BYTES).toBe(64 * 1024 * 1024);
    const provider = memoryProvider();
    const value = "x".repeat(64 * 1024);
    const keys: string[] = [];
    for (let i = 0; i < 1100; i++) {
      const k = key();
      keys.push(k);
      expect(await provider.write(k, created({ v: value }), Date.now() + HOUR)).toBe(true);
    }
    const held = await provider.count();
    expect(held).toBeLessThan(1024);
    expect(held).toBeGreaterThan(1000);
    // The newest sessions are the ones kept.
    expect(await provider.exists(keys[0]!)).toBe(false);
    expect(await provider.exists(keys[1099]!)).toBe(true);
    await provider.close();
  });

  it("evicts the least recently written session first: a session written again outlives older ones", async () => {
    const provider = memoryProvider({ maxSessions: 3 });
    const [a, b, c, d] = [key(), key(), key(), key()];
    const expiresAt = Date.now() + HOUR;
    await provider.write(a, created({ n: "a" }), expiresAt);
    await provider.write(b, created({ n: "b" }), expiresAt);
    await provider.write(c, created({ n: "c" }), expiresAt);
    expect(await provider.write(a, changed({ n: "a2" }), expiresAt + 1)).toBe(true);
    await provider.write(d, created({ n: "d" }), expiresAt);
    expect(await provider.exists(b)).toBe(false);
    expect((await provider.read(a))?.data).toEqual({ n: "a2" });
    expect(await provider.exists(c)).toBe(true);
    expect(await provider.exists(d)).toBe(true);
    expect(await provider.count()).toBe(3);
  });

  it("touch(key) counts as a write: the touched session is evicted last", async () => {
    const provider = memoryProvider({ maxSessions: 2 });
    const [a, b, c] = [key(), key(), key()];
    await provider.write(a, created({ n: "a" }), Date.now() + HOUR);
    await provider.write(b, created({ n: "b" }), Date.now() + HOUR);
    expect(await provider.touch(a, Date.now() + 2 * HOUR)).toBe(true);
    await provider.write(c, created({ n: "c" }), Date.now() + HOUR);
    expect(await provider.exists(a)).toBe(true);
    expect(await provider.exists(b)).toBe(false);
  });

  it("a flood of 20,000 new sessions over 20,000 expiry slices keeps maxSessions and the newest sessions", async () => {
    let clock = 1_700_000_000_000;
    const provider = memoryProvider({ maxSessions: 500, sliceMs: 1, now: () => clock });
    let last = "";
    for (let i = 0; i < 20_000; i++) {
      clock += 1;
      last = key();
      await provider.write(last, created({ i: String(i) }), clock + HOUR + i);
    }
    expect(await provider.count()).toBe(500);
    expect((await provider.read(last))?.data).toEqual({ i: "19999" });
  });

  it("a growing session evicts others but never itself", async () => {
    const provider = memoryProvider({ maxBytes: 10_000 });
    const [a, b, c] = [key(), key(), key()];
    await provider.write(a, created({ v: "a".repeat(3000) }), Date.now() + HOUR);
    await provider.write(b, created({ v: "b".repeat(3000) }), Date.now() + HOUR);
    await provider.write(c, created({ v: "c".repeat(3000) }), Date.now() + HOUR);
    expect(await provider.write(a, changed({ w: "a".repeat(3000) }), Date.now() + HOUR)).toBe(true);
    expect(await provider.exists(a)).toBe(true);
    expect(await provider.exists(b)).toBe(false);
    expect(await provider.exists(c)).toBe(true);
  });

  it("a session larger than maxBytes rejects STORE_UNAVAILABLE and evicts nobody", async () => {
    const provider = memoryProvider({ maxBytes: 10_000 });
    const small = key();
    await provider.write(small, created({ v: "s" }), Date.now() + HOUR);
    const err = await rejection(provider.write(key(), created({ v: "x".repeat(20_000) }), Date.now() + HOUR));
    expect(isSessError(err) && err.code === SessErrorCode.STORE_UNAVAILABLE).toBe(true);
    expect(String((err as Error).message)).toMatch(/maxBytes/);
    expect(await provider.exists(small)).toBe(true);
  });

  it("characters above U+00FF are charged two bytes each", async () => {
    const provider = memoryProvider({ maxBytes: 10_000 });
    await provider.write(key(), created({ v: "é".repeat(4000) }), Date.now() + HOUR);
    const err = await rejection(provider.write(key(), created({ v: "€".repeat(5000) }), Date.now() + HOUR));
    expect(isSessError(err) && err.code === SessErrorCode.STORE_UNAVAILABLE).toBe(true);
  });

  it('whenFull "reject" refuses the write that would pass maxBytes and keeps every session', async () => {
    const provider = memoryProvider({ maxBytes: 10_000, whenFull: "reject" });
    const [a, b] = [key(), key()];
    await provider.write(a, created({ v: "a".repeat(4000) }), Date.now() + HOUR);
    await provider.write(b, created({ v: "b".repeat(4000) }), Date.now() + HOUR);
    const err = await rejection(provider.write(key(), created({ v: "c".repeat(4000) }), Date.now() + HOUR));
    expect(isSessError(err) && err.code === SessErrorCode.STORE_UNAVAILABLE).toBe(true);
    expect(await provider.count()).toBe(2);
  });

  it("expired and destroyed sessions give their bytes back", async () => {
    let clock = 1_700_000_000_000;
    const provider = memoryProvider({ maxBytes: 10_000, whenFull: "reject", now: () => clock });
    const a = key();
    await provider.write(a, created({ v: "a".repeat(4000) }), clock + 1000);
    await provider.write(key(), created({ v: "b".repeat(4000) }), clock + 1000);
    clock += 5000;
    expect(await provider.gc()).toBe(2);
    const c = key();
    await provider.write(c, created({ v: "c".repeat(4000) }), clock + 1000);
    await provider.destroy(c);
    await provider.write(key(), created({ v: "d".repeat(4000) }), clock + 1000);
    expect(await provider.write(key(), created({ v: "e".repeat(4000) }), clock + 1000)).toBe(true);
  });

  it("a change to a session evicted while its request ran rejects STORE_UNAVAILABLE, never a silent false; a destroyed one still resolves false", async () => {
    const provider = memoryProvider({ maxSessions: 2 });
    const [a, b, c] = [key(), key(), key()];
    const expiresAt = Date.now() + HOUR;
    await provider.write(a, created({ n: "a" }), expiresAt);
    // a's request has loaded it; other requests' writes evict it meanwhile.
    await provider.write(b, created({ n: "b" }), expiresAt);
    await provider.write(c, created({ n: "c" }), expiresAt);
    const err = await rejection(provider.write(a, changed({ cart: "1" }), expiresAt));
    expect(isSessError(err) && err.code === SessErrorCode.STORE_UNAVAILABLE && /evicted/.test(String(err))).toBe(true);
    expect(await provider.touch(a, expiresAt)).toBe(false);
    await provider.destroy(b);
    expect(await provider.write(b, changed({ cart: "1" }), expiresAt)).toBe(false);
  });

  it("under a Manager, release() of that session rejects, so every adapter's error path sees it", async () => {
    const manager = await createManager({ provider: memoryProvider({ maxSessions: 2 }), maxLifetime: 3600 });
    const first = manager.create();
    first.set("user", "ann");
    await first.release();
    const inFlight = await manager.load(first.id);
    for (let i = 0; i < 2; i++) {
      const other = manager.create();
      other.set("n", i);
      await other.release();
    }
    inFlight!.set("cart", 1);
    const err = await rejection(inFlight!.release());
    expect(isSessError(err) && err.code === SessErrorCode.STORE_UNAVAILABLE).toBe(true);
    await manager.close();
  });

  it("maxBytes and maxSessions take a positive integer or Infinity, and nothing else", () => {
    expect(() => memoryProvider({ maxBytes: Number.POSITIVE_INFINITY, maxSessions: Number.POSITIVE_INFINITY })).not.toThrow();
    for (const bad of [0, -1, 1.5, Number.NaN, "100"]) {
      for (const name of ["maxBytes", "maxSessions"]) {
        let err: unknown;
        try {
          memoryProvider({ [name]: bad });
        } catch (e) {
          err = e;
        }
        expect(isSessError(err) && err.code === SessErrorCode.INVALID_CONFIG).toBe(true);
      }
    }
  });
});
