import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { redisProvider } from "../src/index.js";
import { created, key } from "./support/records.js";

// The clock rule: expiry times are the application's epoch ms, judged on the application's
// clock (`now`), never on Redis's. An injected clock an hour off stands in for a skewed server.
const url = redisUrl();
const prefix = uniquePrefix();
const HOUR = 3_600_000;
let raw: Redis;

beforeAll(() => {
  raw = new Redis(url);
});

afterAll(async () => {
  raw.disconnect();
  await deleteKeysWithPrefix(prefix, url);
});

describe("expiry on the application's clock", () => {
  for (const [label, skew] of [["an hour behind", -HOUR], ["an hour ahead of", HOUR]] as const) {
    it(`with the application's clock ${label} Redis, a session written for 60 s lives 60 s in Redis and reads back`, async () => {
      const now = (): number => Date.now() + skew;
      const provider = await redisProvider({ url, prefix, now });
      try {
        const k = key();
        expect(await provider.write(k, created({ user: "ann" }, { createdAt: now() }), now() + 60_000)).toBe(true);
        const ttl = await raw.pttl(provider.redisKey(k));
        expect(ttl).toBeGreaterThan(50_000);
        expect(ttl).toBeLessThanOrEqual(60_000);
        expect(await provider.read(k)).toMatchObject({ data: { user: "ann" } });
        expect(await provider.touch(k, now() + 120_000)).toBe(true);
        expect(await raw.pttl(provider.redisKey(k))).toBeGreaterThan(110_000);
      } finally {
        await provider.close();
      }
    });
  }

  it("a record past its expiry on the application's clock reads as absent, though Redis still holds the key", async () => {
    let clock = Date.now();
    const provider = await redisProvider({ url, prefix, now: () => clock });
    try {
      const k = key();
      await provider.write(k, created({ user: "ann" }), clock + 60_000);
      clock += 61_000;
      expect(await raw.exists(provider.redisKey(k))).toBe(1);
      expect(await provider.read(k)).toBeNull();
    } finally {
      await provider.close();
    }
  });

  it("a `now` in the factory options (the Manager's clock, once core hands it over) is used when the config names none", async () => {
    let clock = Date.now();
    const options = { maxLifetime: 3600, config: { url, prefix }, now: () => clock };
    const provider = await redisProvider(options);
    try {
      const k = key();
      await provider.write(k, created({ a: "1" }), clock + 60_000);
      clock += 61_000;
      expect(await raw.exists(provider.redisKey(k))).toBe(1);
      expect(await provider.read(k)).toBeNull();
    } finally {
      await provider.close();
    }
  });
});
