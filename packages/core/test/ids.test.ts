import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SESSION_ID_LENGTH, isSessionId, newSessionId, storageKeyOf } from "../src/provider.js";

describe("newSessionId", () => {
  it("returns 43 base64url characters that decode to 32 bytes (256 bits)", () => {
    for (let i = 0; i < 200; i++) {
      const id = newSessionId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(id).toHaveLength(SESSION_ID_LENGTH);
      expect(Buffer.from(id, "base64url")).toHaveLength(32);
      expect(isSessionId(id)).toBe(true);
    }
  });

  it("does not repeat and uses the whole alphabet", () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newSessionId()));
    expect(ids.size).toBe(2000);
    const chars = new Set([...ids].join(""));
    expect(chars.size).toBe(64);
  });
});

describe("isSessionId", () => {
  const good = newSessionId();
  const malformed: [string, unknown][] = [
    ["empty", ""],
    ["one char", "a"],
    ["42 chars", good.slice(0, 42)],
    ["44 chars", good + "A"],
    ["padding", good.slice(0, 42) + "="],
    ["base64 +", "+" + good.slice(1)],
    ["base64 /", "/" + good.slice(1)],
    ["dot", "." + good.slice(1)],
    ["space", " " + good.slice(1)],
    ["NUL", "\0" + good.slice(1)],
    ["non-ASCII", "é" + good.slice(1)],
    ["path", "../../etc/passwd"],
    ["non-zero padding bits in the last char", good.slice(0, 42) + "B"],
    ["a number", 12345],
    ["null", null],
    ["undefined", undefined],
    ["an object", { toString: () => good }],
  ];
  it.each(malformed)("isSessionId(%s) is false", (_label, value) => {
    expect(isSessionId(value)).toBe(false);
  });
});

describe("storageKeyOf", () => {
  it("is the SHA-256 hex digest of the id", () => {
    const id = newSessionId();
    const key = storageKeyOf(id);
    expect(key).toBe(createHash("sha256").update(id).digest("hex"));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(id);
  });
});
