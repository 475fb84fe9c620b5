import { describe, expect, it } from "vitest";
import { conformanceNames, providerConformance, subjectSecurityGroup, subjectsGroup } from "@sess/conformance";
import { mapProvider } from "../example/map-provider.js";
import { collect, named } from "./support/collect.js";

// The README's third-party example leaves out exists(), gc() and the subject capability: the suite
// must pass it, skip exactly the cases that need those methods, say why, and report each under its group.
describe("the README's minimal provider (example/map-provider.ts)", () => {
  it("passes every case it can run and skips, with a reason, exactly the exists(), gc() and subjects cases", async () => {
    const results = await collect((fake) => providerConformance(fake, () => mapProvider(), { skip: ["outage"] }));
    expect(named(results, "failed")).toEqual([]);
    const skippedAtRunTime = results.filter((r) => r.status === "skipped" && r.note !== undefined);
    expect(skippedAtRunTime.map((r) => r.name).sort()).toEqual([
      "exists(key) rejects malformed storage keys with INVALID_KEY",
      "gc() removes expired records and reports them",
      "gc() resolves a non-negative integer and keeps live records",
      ...subjectsGroup.testNames,
      ...subjectSecurityGroup.testNames,
    ].sort());
    for (const r of skippedAtRunTime) expect(r.note).toMatch(/does not implement the optional (exists|gc|listSubject)\(\)/);
  });

  it("registers each case under describe(<its group>)", async () => {
    const results = await collect((fake) => providerConformance(fake, () => mapProvider(), { skip: ["outage"] }));
    expect(new Set(results.map((r) => r.group))).toEqual(new Set(conformanceNames().groups));
    const hostile = results.find((r) => r.name === "read(key) rejects malformed storage keys with INVALID_KEY");
    expect(hostile?.group).toBe("hostile-keys");
  });
});

describe("the README", () => {
  it("shows example/map-provider.ts and its test exactly as they are in the package", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    for (const file of ["map-provider.ts", "map-provider.test.ts"]) {
      const source = await readFile(new URL(`../example/${file}`, import.meta.url), "utf8");
      expect(readme, `README.md does not show example/${file} as it is`).toContain("```ts\n" + source.trimEnd() + "\n```");
    }
  });
});
