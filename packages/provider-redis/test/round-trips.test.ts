import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createManager } from "@sess/core";
import { type ChangeSet } from "@sess/core/provider";
import { redisProvider, type RedisProvider } from "../src/index.js";
import { RedisProcess, waitUntil } from "./support/redis-process.js";
import { created, key } from "./support/records.js";

// MONITOR on a redis-server of this test's own, so no other test's traffic is counted.
// Every command a client sends shows with its address as source; the commands a script
// runs show with source "lua". A round trip is one command from the provider's address.
interface Seen {
  args: string[];
  source: string;
}

let server: RedisProcess;
let provider: RedisProvider;
let monitor: Redis;
let marker: Redis;
const seen: Seen[] = [];

beforeAll(async () => {
  server = await RedisProcess.start();
  provider = await redisProvider({ url: `redis://127.0.0.1:${server.port}` });
  marker = new Redis(server.port, "127.0.0.1");
  monitor = await new Redis(server.port, "127.0.0.1").monitor();
  monitor.on("monitor", (_time: string, args: string[], source: string) => seen.push({ args, source }));
  // No warm-up: redisProvider() loads its scripts on open, so the first EVALSHA already hits.
});

afterAll(async () => {
  monitor?.disconnect();
  marker?.disconnect();
  await provider?.close();
  server?.stop();
});

/** Runs `work` and returns the commands the server executed meanwhile, split by who sent them. */
async function commandsOf(work: () => Promise<unknown>): Promise<{ sent: string[][]; byScript: string[][] }> {
  const id = randomBytes(4).toString("hex");
  await marker.echo(`start-${id}`);
  await work();
  await marker.echo(`end-${id}`);
  await waitUntil("MONITOR to show the end marker", 5000, () => seen.some((s) => s.args[1] === `end-${id}`));
  const from = seen.findIndex((s) => s.args[1] === `start-${id}`);
  const to = seen.findIndex((s) => s.args[1] === `end-${id}`);
  // MONITOR shows a command name as the client spelled it; compare in lower case.
  const window = seen.slice(from + 1, to).map((s) => ({ source: s.source, args: [s.args[0]!.toLowerCase(), ...s.args.slice(1)] }));
  return {
    sent: window.filter((s) => s.source !== "lua").map((s) => s.args),
    byScript: window.filter((s) => s.source === "lua").map((s) => s.args),
  };
}

describe("round trips to Redis", () => {
  it("read(key) sends one command: HGETALL", async () => {
    const k = key();
    await provider.write(k, created({ user: "ann" }), Date.now() + 60_000);
    const { sent } = await commandsOf(() => provider.read(k));
    expect(sent).toEqual([["hgetall", `sess:${k}`]]);
  });

  it("write(key) sends one command: EVALSHA of the write script, which runs the rest", async () => {
    const k = key();
    await provider.write(k, created({ a: "1", b: "2" }), Date.now() + 60_000);
    const change: ChangeSet = { isNew: false, clear: false, set: { c: "3" }, deleted: ["a"], createdAt: 0 };
    const { sent, byScript } = await commandsOf(() => provider.write(k, change, Date.now() + 60_000));
    expect(sent).toHaveLength(1);
    expect(sent[0]![0]).toBe("evalsha");
    // hget: the stored expiry, so a record dead on the application's clock is never merged into (the clock rule).
    expect(byScript.map((c) => c[0])).toEqual(["hget", "hdel", "hset", "pexpire"]);
  });

  it("touch(key) and regenerate(old, new) send one command each", async () => {
    const k = key();
    await provider.write(k, created({ a: "1" }), Date.now() + 60_000);
    expect((await commandsOf(() => provider.touch(k, Date.now() + 90_000))).sent.map((c) => c[0])).toEqual(["evalsha"]);
    expect((await commandsOf(() => provider.regenerate(k, key()))).sent.map((c) => c[0])).toEqual(["evalsha"]);
  });

  it("through the Manager, a request that only reads costs one command and a request that writes one more", async () => {
    const manager = await createManager({ provider, cookieName: "sid", maxLifetime: 3600 });
    const first = manager.create();
    first.set("user", "ann");
    await first.release();

    const readOnly = await commandsOf(async () => {
      const s = await manager.load(first.id);
      expect(s?.get("user")).toBe("ann");
      await s?.release();
    });
    expect(readOnly.sent.map((c) => c[0])).toEqual(["hgetall"]);

    const writing = await commandsOf(async () => {
      const s = await manager.load(first.id);
      s?.set("visits", 2);
      await s?.release();
    });
    expect(writing.sent.map((c) => c[0])).toEqual(["hgetall", "evalsha"]);
  });

  it("a bound session costs the same per request; binding adds one command, a bound regenerate two", async () => {
    const manager = await createManager({ provider, cookieName: "sid", maxLifetime: 3600 });
    const first = manager.create();
    first.set("user", "ann");
    await first.release();
    const binding = await commandsOf(async () => {
      const s = await manager.load(first.id);
      s?.setSubject("ann", { ua: "test" });
      await s?.release();
    });
    expect(binding.sent.map((c) => c[0])).toEqual(["hgetall", "evalsha", "evalsha"]);

    const readOnly = await commandsOf(async () => (await manager.load(first.id))?.release());
    expect(readOnly.sent.map((c) => c[0])).toEqual(["hgetall"]);
    const writing = await commandsOf(async () => {
      const s = await manager.load(first.id);
      s?.set("visits", 3);
      await s?.release();
    });
    expect(writing.sent.map((c) => c[0])).toEqual(["hgetall", "evalsha"]);
    const k = first.storageKey;
    expect((await commandsOf(() => provider.regenerate(k, key()))).sent.map((c) => c[0])).toEqual(["evalsha", "evalsha", "evalsha"]);
  });
});
