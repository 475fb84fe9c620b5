import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster } from "ioredis";
import { providerConformance } from "@sess/conformance";
import type { RedisProvider } from "../src/index.js";
import { PrefixedProviders } from "./support/prefixes.js";
import { RedisCluster } from "./support/redis-cluster.js";
import { created, key } from "./support/records.js";

// Three redis-server processes in cluster mode on free loopback ports, joined with
// `redis-cli --cluster create`; the whole suite runs against an ioredis Cluster.
let cluster: RedisCluster | undefined;
function startupNodes(): Array<{ host: string; port: number }> {
  if (!cluster) throw new Error("the cluster did not start (see the beforeAll error)");
  return cluster.startupNodes;
}
const options = () => ({ cluster: startupNodes(), commandTimeoutMs: 2000, connectTimeoutMs: 15_000 });
const providers = new PrefixedProviders(options);

beforeAll(async () => {
  cluster = await RedisCluster.start(3);
}, 90_000);

afterAll(() => {
  cluster?.stop();
});

describe("redis (Cluster of 3 masters)", () => {
  providerConformance(it, providers.create, {
    ttlGranularityMs: 1,
    persistent: true,
    selfExpiring: true,
    reopen: providers.reopen,
  });
});

describe("redis Cluster specifics", () => {
  let provider: RedisProvider;
  let raw: Cluster;

  beforeAll(async () => {
    provider = await providers.create();
    raw = new Cluster(startupNodes());
    await new Promise((resolve) => raw.once("ready", resolve));
  }, 30_000);

  afterAll(async () => {
    await provider?.close();
    raw?.disconnect();
  });

  it("regenerate(old, new) moves a session to a key on another master with its data, createdAt and expiry", async () => {
    // Pick keys until old and new live on different masters (most pairs do: 3 masters).
    let from = key();
    let to = key();
    const node = async (k: string): Promise<string> => {
      const slot = Number(await raw.cluster("KEYSLOT", provider.redisKey(k)));
      const owner = (await raw.cluster("SLOTS")).find(([lo, hi]) => slot >= lo && slot <= hi)!;
      return `${owner[2]![0]}:${owner[2]![1]}`;
    };
    while ((await node(from)) === (await node(to))) [from, to] = [key(), key()];

    const expiresAt = Date.now() + 120_000;
    await provider.write(from, { ...created({ user: "ann", role: "admin" }), createdAt: 4242 }, expiresAt);
    expect(await provider.regenerate(from, to)).toBe(true);
    expect(await provider.read(from)).toBeNull();
    expect(await provider.exists(from)).toBe(false);
    expect(await provider.read(to)).toEqual({ data: { user: "ann", role: "admin" }, createdAt: 4242, expiresAt });
    expect(Math.abs((await raw.pexpiretime(provider.redisKey(to))) - expiresAt)).toBeLessThan(1000);
    // The old id is gone for writers too: no resurrection under it.
    expect(await provider.write(from, { ...created({ x: "1" }), isNew: false }, expiresAt)).toBe(false);
    expect(await provider.exists(from)).toBe(false);
  });

  it("regenerate(old, new) resolves false and creates nothing when old is absent", async () => {
    const to = key();
    expect(await provider.regenerate(key(), to)).toBe(false);
    expect(await provider.exists(to)).toBe(false);
  });

  it("count() adds up the sessions of every master", async () => {
    const p = await providers.create();
    try {
      const keys = Array.from({ length: 30 }, key);
      for (const k of keys) await p.write(k, created({ a: "1" }), Date.now() + 60_000);
      const perMaster = await Promise.all(
        raw.nodes("master").map(async (m) => {
          let n = 0;
          let cursor = "0";
          do {
            const [next, found] = await m.scan(cursor, "MATCH", `${p.redisKey("")}*`, "COUNT", 1000);
            cursor = next;
            n += found.length;
          } while (cursor !== "0");
          return n;
        }),
      );
      expect(perMaster.filter((n) => n > 0).length).toBeGreaterThan(1);
      expect(await p.count()).toBe(30);
    } finally {
      await p.close();
    }
  });
});
