import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ChangeSet } from "@sess/core/provider";
import { memoryProvider } from "../src/index.js";

function key(): string {
  return randomBytes(32).toString("hex");
}

function bound(subject: string, set: Record<string, string> = { a: "1" }): ChangeSet {
  return { isNew: true, clear: false, set, deleted: [], createdAt: Date.now(), subject };
}

// The conformance suite's subjects group covers the contract; these cover the index's own upkeep.
describe("the memory provider's subject index", () => {
  it("forgets a binding when its session is evicted to make room", async () => {
    const provider = memoryProvider({ maxSessions: 2 });
    const [first, second, third] = [key(), key(), key()];
    await provider.write(first, bound("u1"), Date.now() + 60_000);
    await provider.write(second, bound("u1"), Date.now() + 60_000);
    await provider.write(third, bound("u2"), Date.now() + 60_000);
    expect((await provider.listSubject("u1")).map((e) => e.key)).toEqual([second]);
    expect(await provider.destroySubject("u1")).toBe(1);
    expect(await provider.count()).toBe(1);
  });

  it("gc() drops the bindings of the sessions it collects, and only those", async () => {
    const clock = { now: 1_700_000_000_000 };
    const provider = memoryProvider({ now: () => clock.now });
    const keys = Array.from({ length: 10 }, () => key());
    for (const [i, k] of keys.entries()) await provider.write(k, bound("u1", { n: String(i) }), clock.now + (i < 5 ? 1_000 : 60_000));
    clock.now += 5_000;
    expect(await provider.gc()).toBe(5);
    expect((await provider.listSubject("u1")).map((e) => e.key).sort()).toEqual(keys.slice(5).sort());
    // A session written again as new after its record was collected starts unbound.
    await provider.write(keys[0]!, { ...bound("u1"), subject: undefined }, clock.now + 60_000);
    expect((await provider.read(keys[0]!))?.subject).toBeUndefined();
  });

  it("revokes 10 sessions of one subject among 10,000 others without touching them", async () => {
    const provider = memoryProvider({ maxBytes: Number.POSITIVE_INFINITY });
    const expiresAt = Date.now() + 60_000;
    for (let i = 0; i < 10_000; i++) await provider.write(key(), bound(`other-${i % 100}`), expiresAt);
    for (let i = 0; i < 10; i++) await provider.write(key(), bound("target"), expiresAt);
    expect(await provider.destroySubject("target")).toBe(10);
    expect(await provider.count()).toBe(10_000);
    expect(await provider.listSubject("other-7")).toHaveLength(100);
  });
});
