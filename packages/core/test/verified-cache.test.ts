import { describe, expect, it } from "vitest";
import { VerifiedCache } from "../src/cookies/verified-cache.js";
import { newSessionId, signId } from "../src/provider.js";

const SECRET = [Buffer.from("a-secret-of-at-least-16-chars")];
const signed = () => signId(newSessionId(), SECRET);

describe("VerifiedCache", () => {
  it("keeps a client that keeps returning while a flood of new sessions passes through", () => {
    const cache = new VerifiedCache(SECRET, 8);
    const returning = signed();
    expect(cache.verify(returning)).toBeDefined();
    // 40 new sessions, five times the cache, with the returning client back after every third.
    for (let i = 1; i <= 40; i++) {
      cache.remember(signed(), newSessionId());
      if (i % 3 === 0) {
        expect(cache.has(returning), `evicted after ${i} new sessions`).toBe(true); // a hit: no HMAC
        expect(cache.verify(returning)).toBeDefined();
      }
    }
  });

  it("evicts the least recently used entry, not one in use", () => {
    const cache = new VerifiedCache(SECRET, 4);
    const values = [signed(), signed(), signed(), signed()];
    for (const value of values) cache.verify(value);
    cache.remember(signed(), newSessionId()); // full: the oldest, unused since, goes
    expect(cache.has(values[0]!)).toBe(false);
    cache.verify(values[1]); // aged past half: moved to the newest end
    cache.remember(signed(), newSessionId());
    cache.remember(signed(), newSessionId());
    expect(cache.has(values[1]!)).toBe(true);
    expect(cache.has(values[2]!)).toBe(false);
    expect(cache.has(values[3]!)).toBe(false);
  });

  it("never caches a value that did not verify", () => {
    const cache = new VerifiedCache(SECRET, 4);
    const forged = `${newSessionId()}.${"A".repeat(43)}`;
    expect(cache.verify(forged)).toBeUndefined();
    expect(cache.has(forged)).toBe(false);
  });
});
