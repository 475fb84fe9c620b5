import { describe, expect, it } from "vitest";
import type { Provider } from "@sess/core/provider";
import { providerConformance } from "@sess/conformance";
import { OverwritingStore, PathFollowingStore, RevivingStore, RewritingTouchStore, StaleReadStore } from "./fixtures/broken-stores.js";
import { SimpleStore } from "./fixtures/simple-store.js";
import { collect, named, type Collected } from "./support/collect.js";

function run(create: () => Provider): Promise<Collected[]> {
  return collect((fake) => providerConformance(fake, create, { skip: ["outage"] }));
}

// Each fixture is SimpleStore with one flaw; the lists below are exactly the tests that flaw breaks.
describe("providerConformance on deliberately broken providers", () => {
  it("passes on SimpleStore, the correct store each broken fixture changes in one place", async () => {
    const results = await run(() => new SimpleStore());
    expect(named(results, "failed")).toEqual([]);
    expect(named(results, "passed").length).toBeGreaterThan(60);
  });

  it("fails on OverwritingStore, which writes the whole record back after a round trip", async () => {
    expect(named(await run(() => new OverwritingStore()), "failed")).toEqual([
      "write(key) keeps every change when 50 writers set different data keys at once",
      "write(key) keeps a delete and a set that run at the same time",
      "write(key, isNew) from two writers at once keeps both changes",
      "read(key) returns null after destroy(key) raced writes that were not new",
      "regenerate(old, new) racing writes to old keeps every write that resolved true",
    ]);
  });

  it("fails on RevivingStore, whose writes create records that are missing", async () => {
    expect(named(await run(() => new RevivingStore()), "failed")).toEqual([
      "write(key) of a change that is not new resolves false for an absent key and creates nothing",
      "write(key) of a change that is not new resolves false after destroy(key)",
      "write(key) with clear resolves false for an absent key and creates nothing",
      "write(key) of a change that is not new resolves false once expiresAt has passed",
      "write(old) of a change that is not new resolves false after regenerate(old, new)",
      "read(key) returns null after destroy(key) raced writes that were not new",
      "write(key) of a change that is not new resolves false for every write after destroy(key) settled",
      "regenerate(old, new) racing writes to old keeps every write that resolved true",
    ]);
  });

  it("fails on StaleReadStore, whose read() returns expired records", async () => {
    expect(named(await run(() => new StaleReadStore()), "failed")).toEqual([
      "read(key) returns null once expiresAt has passed",
      "touch(key) sets an earlier expiresAt too",
    ]);
  });

  it("fails on RewritingTouchStore, whose touch() puts the whole record back after a round trip", async () => {
    expect(named(await run(() => new RewritingTouchStore()), "failed")).toEqual(["touch(key) keeps writes that run at the same time"]);
  });

  it("fails on PathFollowingStore, which turns ../ keys into paths, and reports the destroyed canary", async () => {
    const results = await run(() => new PathFollowingStore());
    expect(named(results, "failed")).toEqual([
      "read(key) rejects malformed storage keys with INVALID_KEY",
      "exists(key) rejects malformed storage keys with INVALID_KEY",
      "write(key, isNew) rejects malformed storage keys with INVALID_KEY and creates nothing",
      "write(key) of a change that is not new rejects malformed storage keys with INVALID_KEY",
      "touch(key) rejects malformed storage keys with INVALID_KEY",
      "destroy(key) rejects malformed storage keys with INVALID_KEY and deletes nothing",
      "regenerate(old, new) rejects a malformed old key with INVALID_KEY",
      "regenerate(old, new) rejects a malformed new key with INVALID_KEY and leaves old in place",
    ]);
    const destroy = results.find((r) => r.name.startsWith("destroy(key) rejects"));
    expect(String(destroy?.error)).toMatch(/the canary record is gone/);
    expect(String(destroy?.error)).toMatch(/x\/\.\.\/<canary>: resolved with undefined/);
  });
});
