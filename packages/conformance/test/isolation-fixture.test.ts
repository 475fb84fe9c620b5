import { describe, expect, it } from "vitest";
import { concurrencyGroup } from "@sess/conformance";
import { ConflictRejectingStore } from "./fixtures/conflict-rejecting-store.js";
import { collect, named } from "./support/collect.js";

// Isolation under concurrent writers is the concurrency group's rule: racing writers to one
// session are all applied. A store that rejects the overlapping ones (a SQL store at REPEATABLE
// READ or SERIALIZABLE that does not retry) must fail it, though it loses and revives nothing.
describe("the concurrency group on a store that rejects overlapping writers", () => {
  it("fails the racing-writer cases", async () => {
    const results = await collect((it) => concurrencyGroup(it, () => new ConflictRejectingStore()));
    expect(named(results, "failed")).toEqual([
      "write(key) keeps every change when 50 writers set different data keys at once",
      "write(key) keeps a delete and a set that run at the same time",
      "write(key, isNew) from two writers at once keeps both changes",
      "read(key) returns null after destroy(key) raced writes that were not new",
      "write(key) of a change that is not new resolves false for every write after destroy(key) settled",
      "regenerate(old, new) racing writes to old keeps every write that resolved true",
    ]);
  });
});
