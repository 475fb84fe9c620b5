import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sandbox, change, newKey } from "./support/sandbox.js";

let box: Sandbox;
beforeEach(async () => {
  box = await Sandbox.create();
});
afterEach(async () => box.cleanup());

const T0 = 1_800_000_000_000;

describe("gc() and count() through the expiry index", () => {
  it("gc() removes exactly the records whose expiresAt has passed, in expiry order, and count() agrees after reopen", async () => {
    let now = T0;
    const p = await box.open({ now: () => now });
    const keys = Array.from({ length: 100 }, () => newKey());
    for (const [i, key] of keys.entries()) await p.write(key, change({ i: String(i) }, true), T0 + 1000 + i * 10);
    expect(await p.count()).toBe(100);
    now = T0 + 1000 + 49 * 10; // records 0..49 expire at or before now
    expect(await p.gc()).toBe(50);
    expect(await p.gc()).toBe(0);
    expect(await p.count()).toBe(50);
    for (const [i, key] of keys.entries()) expect(await p.exists(key)).toBe(i >= 50);
    await p.close();
    const again = await box.open({ now: () => now });
    expect(await again.count()).toBe(50);
  });

  it("a record touched past now is not collected through its old index entry", async () => {
    let now = T0;
    const p = await box.open({ now: () => now });
    const key = newKey();
    await p.write(key, change({ a: "1" }, true), T0 + 100);
    await p.touch(key, T0 + 10_000);
    now = T0 + 5000;
    expect(await p.gc()).toBe(0);
    expect((await p.read(key))?.data).toEqual({ a: "1" });
    expect(await p.count()).toBe(1);
  });

  it("count() and gc() keep a regenerated record once, under its new key", async () => {
    let now = T0;
    const p = await box.open({ now: () => now });
    const [from, to] = [newKey(), newKey()];
    await p.write(from, change({ a: "1" }, true), T0 + 100);
    await p.write(to, change({ displaced: "1" }, true), T0 + 50_000);
    expect(await p.regenerate(from, to)).toBe(true);
    expect(await p.count()).toBe(1);
    now = T0 + 200;
    expect(await p.gc()).toBe(1);
    expect(await p.count()).toBe(0);
  });

  it("count() is the record counter after a pass: it does not grow with destroyed or re-created keys", async () => {
    const p = await box.open();
    const key = newKey();
    for (let i = 0; i < 5; i++) {
      await p.write(key, change({ i: String(i) }, true), Date.now() + 60_000);
      expect(await p.count()).toBe(1);
    }
    await p.destroy(key);
    await p.destroy(key);
    expect(await p.count()).toBe(0);
  });
});

describe("close() during a GC pass", () => {
  it("waits for the pass, which settles without rejecting, and the next pass finds what it left", async () => {
    let now = T0;
    const p = await box.open({ now: () => now });
    const keys = Array.from({ length: 2000 }, () => newKey());
    await Promise.all(keys.map((key) => p.write(key, change({ a: "1" }, true), T0 + 100)));
    now = T0 + 1000;
    const pass = p.gc();
    await p.close();
    const removed = await pass;
    expect(removed).toBeGreaterThanOrEqual(0);
    const again = await box.open({ now: () => now });
    // Whatever the stopped pass left, the next one finds: every record is gone afterwards.
    expect(removed + (await again.gc())).toBe(2000);
    expect(await again.count()).toBe(0);
  });
});

describe("subject entries", () => {
  it("survive close and reopen, and gc() removes a bound record's entries with it, leaving no key behind", async () => {
    let now = T0;
    const p = await box.open({ now: () => now });
    const [live, doomed] = [newKey(), newKey()];
    await p.write(live, { ...change({ a: "1" }, true), subject: "ada" }, T0 + 60_000);
    await p.write(doomed, { ...change({ a: "2" }, true), subject: "ada" }, T0 + 100);
    await p.close();
    const again = await box.open({ now: () => now });
    expect((await again.listSubject("ada")).map((s) => s.key).sort()).toEqual([live, doomed].sort());
    now = T0 + 1000;
    expect(await again.gc()).toBe(1);
    expect((await again.listSubject("ada")).map((s) => s.key)).toEqual([live]);
    await again.destroy(live);
    // Nothing is left in the namespace: no record, no expiry entry, no subject entry.
    const keys: string[] = [];
    for await (const k of again.db.sublevel("sess").keys()) keys.push(k);
    expect(keys).toEqual([]);
  });
});
