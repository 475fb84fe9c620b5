import { describe, expect, it } from "vitest";
import { createdAtOf, expiresAtOf, pack, unpackData, withExpiry } from "../src/packed-record.js";

function dict(entries: [string, string][]): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(entries));
}

describe("packed records", () => {
  it("unpackData(pack(...)) round-trips keys and values that look like the format itself", () => {
    const data = dict([
      ["12:", "3:abc"],
      [":", ""],
      ["__proto__", '{"polluted":true}'],
      ["émoji 🎉", "\u0000\uD83D\uDE00 \\ ' \""],
      ["7", "x".repeat(100_000)],
    ]);
    const packed = pack(1_700_000_000_123, 1_700_000_360_456, data);
    expect(createdAtOf(packed)).toBe(1_700_000_000_123);
    expect(expiresAtOf(packed)).toBe(1_700_000_360_456);
    const back = unpackData(packed);
    expect(Object.getPrototypeOf(back)).toBeNull();
    expect(back).toEqual(data);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("withExpiry changes only the expiry", () => {
    const packed = pack(5, 10, dict([["a", "1"]]));
    const touched = withExpiry(packed, 99);
    expect(expiresAtOf(touched)).toBe(99);
    expect(createdAtOf(touched)).toBe(5);
    expect(unpackData(touched)).toEqual(dict([["a", "1"]]));
  });

  it("an empty record has no data", () => {
    expect(Object.keys(unpackData(pack(1, 2, dict([]))))).toEqual([]);
  });
});
