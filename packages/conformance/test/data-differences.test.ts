import { describe, expect, it } from "vitest";
import { assertData, dataDifferences } from "../src/support/assertions.js";

describe("dataDifferences / assertData", () => {
  it("dataDifferences() names missing keys, extra keys and different values", () => {
    expect(dataDifferences({ a: "1", b: "2", x: "9" }, { a: "1", b: "3", c: "4" })).toEqual([
      'missing keys "c"',
      'extra keys "x"',
      'different values "b": expected "3", got "2"',
    ]);
  });

  it("dataDifferences() is empty for equal data whatever the key order or prototype", () => {
    const bare = Object.assign(Object.create(null) as Record<string, string>, { b: "2", a: "1" });
    expect(dataDifferences(bare, { a: "1", b: "2" })).toEqual([]);
  });

  it("dataDifferences() keeps a thousand-key mismatch to one short line", () => {
    const expected = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, "v"]));
    const [missing] = dataDifferences({}, expected);
    expect(missing).toMatch(/^missing keys "k0", .* and 990 more$/);
  });

  it("assertData() fails with the differences in its message", () => {
    const record = { data: { a: "1" }, createdAt: 0, expiresAt: 0 };
    expect(() => assertData(record, { a: "2" })).toThrow(/read\(key\) returned other data than was written: different values "a": expected "2", got "1"/);
    expect(() => assertData(null, { a: "1" })).toThrow(/returned null/);
    expect(assertData(record, { a: "1" })).toBe(record);
  });
});
