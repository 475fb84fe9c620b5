import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { providerConformance } from "@sess/conformance";
import type { RedisProvider } from "../src/index.js";
import { PrefixedProviders } from "./support/prefixes.js";
import { MASTER_NAME, RedisSentinelGroup } from "./support/redis-sentinel.js";
import { waitUntil } from "./support/redis-process.js";
import { created, key } from "./support/records.js";

// One master, one replica and one sentinel on free loopback ports; the provider finds the
// master through the sentinel. The last test fails the master over and reads old sessions.
let group: RedisSentinelGroup | undefined;
function sentinels(): string[] {
  if (!group) throw new Error("the sentinel group did not start (see the beforeAll error)");
  return [group.sentinel.address];
}
const providers = new PrefixedProviders(() => ({ sentinels: sentinels(), name: MASTER_NAME, commandTimeoutMs: 2000, connectTimeoutMs: 10_000 }));

beforeAll(async () => {
  group = await RedisSentinelGroup.start();
}, 90_000);

afterAll(() => {
  group?.stop();
});

describe("redis (through Sentinel)", () => {
  providerConformance(it, providers.create, {
    ttlGranularityMs: 1,
    persistent: true,
    selfExpiring: true,
    reopen: providers.reopen,
  });
});

describe("Sentinel failover", () => {
  let provider: RedisProvider;

  beforeAll(async () => {
    provider = await providers.create();
  }, 30_000);

  afterAll(async () => {
    await provider?.close();
  });

  it("sessions written before SENTINEL FAILOVER still read after it, and writes go to the new master", async () => {
    const g = group!;
    const oldMaster = await g.masterPort();
    const keys = Array.from({ length: 20 }, key);
    for (const [i, k] of keys.entries()) await provider.write(k, created({ n: String(i) }), Date.now() + 600_000);
    // Replication is asynchronous: wait until the replica has every write before failing over.
    expect(await (provider.client as Redis).wait(1, 5000)).toBe(1);

    await waitUntil("SENTINEL FAILOVER to be accepted", 20_000, async () => (await g.sentinel.cli("SENTINEL", "FAILOVER", MASTER_NAME)) === "OK");
    await waitUntil("the sentinel to name a new master", 30_000, async () => (await g.masterPort()) !== oldMaster);
    const newMaster = await g.masterPort();
    expect(newMaster).toBe(g.replica.port);

    // While the client moves, calls may reject STORE_UNAVAILABLE, and a write can still land on
    // the old master before Sentinel demotes it (Redis replication is asynchronous). Settled means:
    // a write through the provider is found on the new master.
    const direct = new Redis(newMaster, "127.0.0.1");
    try {
      await waitUntil("a write through the provider to reach the new master", 30_000, async () => {
        const probe = key();
        if (!(await provider.write(probe, created({ late: "1" }), Date.now() + 600_000))) return false;
        return (await direct.hget(provider.redisKey(probe), "d:late")) === "1";
      });
    } finally {
      direct.disconnect();
    }
    for (const [i, k] of keys.entries()) expect(await provider.read(k)).toMatchObject({ data: { n: String(i) } });
  }, 120_000);
});
