import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { redisProvider, type RedisProvider } from "../src/index.js";
import { created, key } from "./support/records.js";

// The subject index's own upkeep (the subjects conformance group covers the contract):
// stale entries leave only after the grace period, binding prunes a large index, junk is ignored.
const url = redisUrl();
const prefix = uniquePrefix();
const raw = new Redis(url);
const clock = { now: Date.now() };
const HOUR = 3_600_000;
const opened: RedisProvider[] = [];

async function open(): Promise<RedisProvider> {
  clock.now = Date.now();
  const provider = await redisProvider({ url, prefix, commandTimeoutMs: 1000, now: () => clock.now });
  opened.push(provider);
  return provider;
}

afterAll(async () => {
  for (const provider of opened) await provider.close();
  raw.disconnect();
  await deleteKeysWithPrefix(prefix, url);
});

describe("the redis subject index", () => {
  it("keeps a destroyed session's entry through the grace period (a binder may be in flight), then listing drops it", async () => {
    const provider = await open();
    const subject = `grace-${key()}`;
    const [gone, kept] = [key(), key()];
    for (const k of [gone, kept]) await provider.write(k, created({ a: "1" }, { subject }), clock.now + HOUR);
    await provider.destroy(gone);
    expect((await provider.listSubject(subject)).map((e) => e.key)).toEqual([kept]);
    expect((await raw.zrange(provider.subjectKey(subject), "0", "-1")).sort()).toEqual([gone, kept].sort());
    clock.now += 61_000;
    expect((await provider.listSubject(subject)).map((e) => e.key)).toEqual([kept]);
    expect(await raw.zrange(provider.subjectKey(subject), "0", "-1")).toEqual([kept]);
  });

  it("prunes stale entries when a bind finds more than 32 in the index", async () => {
    const provider = await open();
    const subject = `prune-${key()}`;
    const stale = Array.from({ length: 33 }, () => key());
    for (const k of stale) await provider.write(k, created({ a: "1" }, { subject }), clock.now + HOUR);
    for (const k of stale) await raw.del(provider.redisKey(k)); // as if Redis had expired them
    clock.now += 61_000;
    const fresh = key();
    await provider.write(fresh, created({ a: "1" }, { subject }), clock.now + HOUR);
    expect(await raw.zcard(provider.subjectKey(subject))).toBe(2); // 32 pruned per bind: one stale entry is left for the next
    expect((await provider.listSubject(subject)).map((e) => e.key)).toEqual([fresh]);
  });

  it("lists and revokes past index members that are not storage keys", async () => {
    const provider = await open();
    const subject = `junk-${key()}`;
    const k = key();
    await provider.write(k, created({ a: "1" }, { subject }), clock.now + HOUR);
    await raw.zadd(provider.subjectKey(subject), 0, "../../not-a-key", 0, "*");
    expect((await provider.listSubject(subject)).map((e) => e.key)).toEqual([k]);
    expect(await provider.destroySubject(subject)).toBe(1);
    expect(await provider.read(k)).toBeNull();
  });

  it("puts a subject's index and fence in one hash slot, named by a digest of the subject", async () => {
    const provider = await open();
    const subject = "{user}:1*";
    expect(provider.subjectKey(subject)).toMatch(new RegExp(`^${prefix}subject:\\{[0-9a-f]{40}\\}$`));
  });
});
