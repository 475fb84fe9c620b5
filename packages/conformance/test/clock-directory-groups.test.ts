import { describe, expect, it } from "vitest";
import { clockGroup, directoryGroup } from "@sess/conformance";
import { ClockedStore, HostClockStore } from "./fixtures/clock-stores.js";
import { DirectoryStore, PathStringStore } from "./fixtures/directory-stores.js";
import { SimpleStore } from "./fixtures/simple-store.js";
import { collect, named } from "./support/collect.js";

// The clock and directory groups run only when a provider says how to open it on a clock or a
// directory; each has a correct fixture it passes and a broken one it fails.
describe("the clock group", () => {
  it("passes on a store that judges expiry on the clock it is given", async () => {
    const results = await collect((it) => clockGroup(it, () => new SimpleStore(), { clock: (now) => new ClockedStore(now) }));
    expect(named(results, "failed")).toEqual([]);
    expect(named(results, "passed")).toHaveLength(clockGroup.testNames.length);
  });

  it("fails on a store that takes the Manager's clock but judges expiry on the host's", async () => {
    const results = await collect((it) => clockGroup(it, () => new SimpleStore(), { clock: (now) => new HostClockStore(now) }));
    expect(named(results, "failed")).toEqual([
      "read(key) and exists(key) find a record live on the Manager's clock, 2 hours behind the host's",
      "write(key) and touch(key) of a record live on the Manager's clock, 2 hours behind the host's, resolve true",
      "count() counts, and gc() keeps, a record live on the Manager's clock, 2 hours behind the host's",
      "read(key), exists(key), write(key) and touch(key) treat a record as gone once the Manager's clock passes expiresAt, before the host's does",
      "count() does not count a record expired on the Manager's clock, and gc() leaves it unreadable",
    ]);
  });

  it("is reported as skipped, with the reason, for a provider that gives no clock option", async () => {
    const results = await collect((it) => clockGroup(it, () => new SimpleStore()));
    expect(named(results, "skipped")).toHaveLength(clockGroup.testNames.length);
    expect(named(results, "skipped")[0]).toMatch(/no clock option/);
  });
});

describe("the directory group", () => {
  it("passes on a store that compares the real path of its directory", async () => {
    const results = await collect((it) => directoryGroup(it, () => new SimpleStore(), { exclusiveDirectory: (dir) => new DirectoryStore(dir) }));
    expect(named(results, "failed")).toEqual([]);
    expect(named(results, "passed")).toHaveLength(directoryGroup.testNames.length);
  });

  it("fails on a store that compares the path as spelled, so a symlink opens a second owner", async () => {
    const results = await collect((it) => directoryGroup(it, () => new SimpleStore(), { exclusiveDirectory: (dir) => new PathStringStore(dir) }));
    expect(named(results, "failed")).toEqual([
      "a provider on the same directory through a symlink is refused, and the owner keeps every acknowledged write",
    ]);
  });
});
