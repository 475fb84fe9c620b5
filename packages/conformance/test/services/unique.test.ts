import { describe, expect, it } from "vitest";
import { isTestDatabaseName, isTestPrefix, uniqueDatabaseName, uniquePrefix } from "../../src/services/index.js";

describe("unique names", () => {
  it("uniquePrefix() differs on every call and passes isTestPrefix()", () => {
    const prefixes = new Set(Array.from({ length: 100 }, () => uniquePrefix()));
    expect(prefixes.size).toBe(100);
    for (const prefix of prefixes) expect(isTestPrefix(prefix)).toBe(true);
  });

  it("uniqueDatabaseName() differs on every call and passes isTestDatabaseName()", () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueDatabaseName()));
    expect(names.size).toBe(100);
    for (const name of names) expect(isTestDatabaseName(name)).toBe(true);
  });

  it("isTestDatabaseName(name) rejects names it did not make", () => {
    for (const name of ["test", "mysql", "sess_test_", "sess_test_ABCDEF012345", "sess_test_0123456789ab;"]) {
      expect(isTestDatabaseName(name)).toBe(false);
    }
  });
});
