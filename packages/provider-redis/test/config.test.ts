import { describe, expect, it } from "vitest";
import { isSessError, SessErrorCode } from "@sess/core";
import { resolveConfig } from "../src/config.js";
import { redisProvider } from "../src/index.js";

function invalidConfig(config: unknown): string {
  try {
    resolveConfig(config);
  } catch (err) {
    expect(isSessError(err, SessErrorCode.INVALID_CONFIG)).toBe(true);
    return (err as Error).message;
  }
  throw new Error("expected INVALID_CONFIG");
}

describe("resolveConfig(config)", () => {
  it("reads the seed string as address, pool size, password", () => {
    const c = resolveConfig("127.0.0.1:6379,100,astaxie");
    expect(c.target).toEqual({ kind: "standalone", host: "127.0.0.1", port: 6379, password: "astaxie" });
    expect(c.poolSize).toBe(100);
    expect(c.prefix).toBe("sess:");
    expect(c.commandTimeoutMs).toBe(2000);
  });

  it("reads a fourth seed field as the database number and allows empty fields", () => {
    expect(resolveConfig("redis.local:6380,,,3").target).toEqual({ kind: "standalone", host: "redis.local", port: 6380, db: 3 });
    expect(resolveConfig("localhost").target).toEqual({ kind: "standalone", host: "localhost", port: 6379 });
  });

  it("reads redis:// URLs with user, password and database", () => {
    const c = resolveConfig("redis://app:p%40ss@10.0.0.5:6390/2");
    expect(c.target).toEqual({ kind: "standalone", host: "10.0.0.5", port: 6390, username: "app", password: "p@ss", db: 2 });
  });

  it("turns TLS on for rediss:// URLs", () => {
    expect(resolveConfig("rediss://cache.example:6380").target).toMatchObject({ kind: "standalone", tls: {} });
  });

  it("reads sentinel and cluster options", () => {
    expect(resolveConfig({ sentinels: ["127.0.0.1:26379", { host: "::1", port: 26380 }], name: "mymaster", password: "x" }).target).toEqual({
      kind: "sentinel",
      sentinels: [{ host: "127.0.0.1", port: 26379 }, { host: "::1", port: 26380 }],
      name: "mymaster",
      password: "x",
    });
    expect(resolveConfig({ cluster: ["127.0.0.1:7000", "[::1]:7001"] }).target).toEqual({
      kind: "cluster",
      nodes: [{ host: "127.0.0.1", port: 7000 }, { host: "::1", port: 7001 }],
    });
  });

  it("lets options override what the URL says", () => {
    const c = resolveConfig({ url: "redis://127.0.0.1:6379/1", db: 4, prefix: "app:s:", commandTimeoutMs: 500 });
    expect(c.target).toMatchObject({ db: 4 });
    expect(c.prefix).toBe("app:s:");
    expect(c.commandTimeoutMs).toBe(500);
  });

  it("rejects bad configs with INVALID_CONFIG naming the problem", () => {
    expect(invalidConfig(42)).toMatch(/config string or an options object/);
    expect(invalidConfig({ prefx: "a" })).toMatch(/unknown option\(s\): prefx/);
    expect(invalidConfig({ prefix: "" })).toMatch(/prefix/);
    expect(invalidConfig({ prefix: "sess:*" })).toMatch(/prefix/);
    expect(invalidConfig({ prefix: "{tag}" })).toMatch(/prefix/);
    expect(invalidConfig("127.0.0.1:99999")).toMatch(/port/);
    expect(invalidConfig("127.0.0.1:6379,many")).toMatch(/pool size/);
    expect(invalidConfig("127.0.0.1:6379,0")).toMatch(/poolSize/);
    expect(invalidConfig("127.0.0.1:6379,1,pw,db")).toMatch(/db/);
    expect(invalidConfig("127.0.0.1:6379,1,pw,0,extra")).toMatch(/host:port/);
    expect(invalidConfig("redis://127.0.0.1/abc")).toMatch(/database number/);
    expect(invalidConfig({ commandTimeoutMs: 0 })).toMatch(/commandTimeoutMs/);
    expect(invalidConfig({ commandTimeoutMs: Infinity })).toMatch(/commandTimeoutMs/);
    expect(invalidConfig({ connectTimeoutMs: 10_000_000 })).toMatch(/connectTimeoutMs/);
    expect(invalidConfig({ sentinels: ["127.0.0.1:26379"] })).toMatch(/name/);
    expect(invalidConfig({ sentinels: [], name: "m" })).toMatch(/sentinels/);
    expect(invalidConfig({ cluster: ["nohost"] })).toMatch(/host:port/);
    expect(invalidConfig({ cluster: ["127.0.0.1:7000"], db: 2 })).toMatch(/database 0/);
    expect(invalidConfig({ cluster: ["127.0.0.1:7000"], sentinels: ["127.0.0.1:1"], name: "m" })).toMatch(/exclusive/);
    expect(invalidConfig({ client: {} })).toMatch(/client/);
    expect(invalidConfig({ client: {}, url: "redis://x" })).toMatch(/cannot be combined with url/);
  });

  it("never echoes a password in a config error", () => {
    for (const bad of ["redis://user:hunter2@[bad/0", "redis://user:hunter2@127.0.0.1:6379/x?y=1", "127.0.0.1:6379,5,hunter2,notadb"]) {
      expect(invalidConfig(bad)).not.toContain("hunter2");
    }
  });
});

describe("redisProvider(config)", () => {
  it("rejects STORE_UNAVAILABLE within the connect timeout when nothing listens", async () => {
    const started = Date.now();
    const err = await redisProvider({ url: "127.0.0.1:1,10,hunter2", connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(isSessError(err, SessErrorCode.STORE_UNAVAILABLE)).toBe(true);
    expect((err as Error).message).not.toContain("hunter2");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("rejects INVALID_CONFIG before connecting", async () => {
    const err = await redisProvider({ maxLifetime: 60, config: { prefix: "a b" } }).catch((e: unknown) => e);
    expect(isSessError(err, SessErrorCode.INVALID_CONFIG)).toBe(true);
  });
});
