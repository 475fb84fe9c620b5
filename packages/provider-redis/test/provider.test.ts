import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { isSessError, SessErrorCode } from "@sess/core";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { redisProvider, type RedisProvider } from "../src/index.js";
import { created, key } from "./support/records.js";

const url = redisUrl();
const prefix = uniquePrefix();
let raw: Redis;
let provider: RedisProvider;

beforeAll(async () => {
  raw = new Redis(url);
  provider = await redisProvider({ url, prefix });
});

afterAll(async () => {
  await provider.close();
  raw.disconnect();
  await deleteKeysWithPrefix(prefix, url);
});

describe("the data layout in Redis", () => {
  it("write(key) stores one hash <prefix><key> with d:<name> fields, c, e and a TTL that ends at e", async () => {
    const k = key();
    const expiresAt = Date.now() + 60_000;
    await provider.write(k, created({ user: '"ann"', "a.b$c": "1" }, { createdAt: 1234 }), expiresAt);
    expect(await raw.type(prefix + k)).toBe("hash");
    expect(await raw.hgetall(prefix + k)).toEqual({ c: "1234", e: String(expiresAt), "d:user": '"ann"', "d:a.b$c": "1" });
    // PEXPIRE with the time left on the application's clock: Redis's own clock may differ by the round trip.
    expect(Math.abs((await raw.pexpiretime(prefix + k)) - expiresAt)).toBeLessThan(1000);
  });

  it("touch(key) changes e and the key's expiry but no data field", async () => {
    const k = key();
    await provider.write(k, created({ a: "1" }), Date.now() + 60_000);
    const later = Date.now() + 120_000;
    expect(await provider.touch(k, later)).toBe(true);
    expect(await raw.hget(prefix + k, "e")).toBe(String(later));
    expect(Math.abs((await raw.pexpiretime(prefix + k)) - later)).toBeLessThan(1000);
    expect(await raw.hget(prefix + k, "d:a")).toBe("1");
  });

  it("write(key) with clear keeps createdAt and drops every old data field", async () => {
    const k = key();
    await provider.write(k, created({ a: "1", b: "2" }, { createdAt: 99 }), Date.now() + 60_000);
    await provider.write(k, created({ c: "3" }, { isNew: false, clear: true, createdAt: 5 }), Date.now() + 60_000);
    expect(await provider.read(k)).toMatchObject({ createdAt: 99, data: { c: "3" } });
  });

  it("write(key) applies thousands of fields set and deleted in one script", async () => {
    const k = key();
    const many: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) many[`k${i}`] = `v${i}`;
    await provider.write(k, created(many), Date.now() + 60_000);
    const deleted = Object.keys(many).slice(0, 2500);
    await provider.write(k, created({ extra: "x" }, { isNew: false, deleted }), Date.now() + 60_000);
    const stored = await provider.read(k);
    expect(Object.keys(stored!.data)).toHaveLength(2501);
    expect(stored!.data.k4999).toBe("v4999");
    expect(stored!.data.k0).toBeUndefined();
  });

  it("read(key) round-trips keys and values Redis cannot hold as UTF-8 (lone surrogates, leading NUL)", async () => {
    const k = key();
    const data: Record<string, string> = Object.create(null);
    data["\ud800lone"] = "\udfff";
    data["\u0000nul"] = "\u0000v";
    data["__proto__"] = "p";
    data["😀 \\ \" '"] = "x\u0000y";
    await provider.write(k, created(data), Date.now() + 60_000);
    const stored = await provider.read(k);
    expect({ ...stored!.data }).toEqual({ ...data });
    expect(Object.getPrototypeOf(stored!.data)).toBeNull();
  });
});

describe("keys and clients", () => {
  it("read(key) refuses a key that is not a storage key with INVALID_KEY and sends nothing", async () => {
    for (const bad of ["*", "../x", "A".repeat(64), `${"a".repeat(63)}*`, "a".repeat(65)]) {
      const err = await provider.read(bad).catch((e: unknown) => e);
      expect(isSessError(err, SessErrorCode.INVALID_KEY)).toBe(true);
    }
    const err = await provider.regenerate(key(), "x").catch((e: unknown) => e);
    expect(isSessError(err, SessErrorCode.INVALID_KEY)).toBe(true);
  });

  it("count() ignores keys under the prefix that are not session keys", async () => {
    const own = uniquePrefix();
    const p = await redisProvider({ url, prefix: own });
    try {
      await raw.set(`${own}not-a-session`, "1");
      await p.write(key(), created({ a: "1" }), Date.now() + 60_000);
      expect(await p.count()).toBe(1);
    } finally {
      await p.close();
      await deleteKeysWithPrefix(own, url);
    }
  });

  it("close() leaves a client the user passed in open", async () => {
    const client = new Redis(url);
    const p = await redisProvider({ client, prefix });
    const k = key();
    await p.write(k, created({ a: "1" }), Date.now() + 60_000);
    await p.close();
    expect(await client.ping()).toBe("PONG");
    const err = await p.read(k).catch((e: unknown) => e);
    expect(isSessError(err, SessErrorCode.CLOSED)).toBe(true);
    client.disconnect();
  });

  it("count() works with a client of the user's that has its own keyPrefix", async () => {
    const own = uniquePrefix();
    const client = new Redis(url, { keyPrefix: `${own}app*[x]:` });
    const p = await redisProvider({ client, prefix: "s:" });
    try {
      const k = key();
      await p.write(k, created({ a: "1" }), Date.now() + 60_000);
      expect(await raw.exists(`${own}app*[x]:s:${k}`)).toBe(1);
      expect(await p.count()).toBe(1);
    } finally {
      await p.close();
      client.disconnect();
      await deleteKeysWithPrefix(own, url);
    }
  });

  it("close() quits the connection the provider opened", async () => {
    const p = await redisProvider({ url, prefix });
    await p.close();
    expect(p.client.status).toBe("end");
  });

  it("registers as \"redis\" and opens from the factory's { maxLifetime, config }", async () => {
    const { providers } = await import("@sess/core");
    expect(providers()).toContain("redis");
    const p = await redisProvider({ maxLifetime: 3600, config: `${url.replace(/\/$/, "")}` });
    expect(await p.exists(key())).toBe(false);
    await p.close();
  });
});
