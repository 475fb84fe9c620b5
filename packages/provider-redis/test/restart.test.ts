import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSessError, SessErrorCode } from "@sess/core";
import { Redis } from "ioredis";
import { redisProvider, type RedisProvider } from "../src/index.js";
import { RedisProcess, waitUntil } from "./support/redis-process.js";
import { created, key } from "./support/records.js";

// A real redis-server this test starts, SIGKILLs and starts again on the same port.
// appendfsync always: what was acknowledged before the kill is on disk, so it reads back after.
const DEADLINE_MS = 1000;
let server: RedisProcess;
let provider: RedisProvider;

beforeAll(async () => {
  server = await RedisProcess.start(["--appendonly", "yes", "--appendfsync", "always", "--enable-debug-command", "local"]);
  provider = await redisProvider({ url: `redis://127.0.0.1:${server.port}`, commandTimeoutMs: DEADLINE_MS });
});

afterAll(async () => {
  await provider?.close();
  server?.stop();
});

async function rejection(work: Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const started = Date.now();
  const err = await work.then(() => undefined, (e: unknown) => e);
  return { err, ms: Date.now() - started };
}

describe("a redis-server that is killed and restarted", () => {
  it("every call rejects STORE_UNAVAILABLE in bounded time while it is down, and the same provider recovers", async () => {
    const before = key();
    await provider.write(before, created({ user: "ann" }), Date.now() + 600_000);

    await server.kill();
    const calls = [
      provider.read(before),
      provider.write(key(), created({ a: "1" }), Date.now() + 60_000),
      provider.touch(before, Date.now() + 60_000),
      provider.regenerate(before, key()),
      provider.destroy(key()),
      provider.exists(before),
      provider.count(),
    ];
    for (const call of calls) {
      const { err, ms } = await rejection(call);
      expect(isSessError(err, SessErrorCode.STORE_UNAVAILABLE), String(err)).toBe(true);
      expect((err as Error).cause ?? (err as Error).message).toBeDefined();
      expect(ms).toBeLessThan(DEADLINE_MS + 2000);
    }

    await server.restart();
    await waitUntil("the provider to reconnect", 15_000, async () => (await provider.exists(before)) === true);
    expect(await provider.read(before)).toMatchObject({ data: { user: "ann" } });
    const after = key();
    expect(await provider.write(after, created({ b: "2" }), Date.now() + 60_000)).toBe(true);
    expect(await provider.read(after)).toMatchObject({ data: { b: "2" } });
  }, 60_000);

  it("a call in flight when the server dies rejects STORE_UNAVAILABLE instead of hanging", async () => {
    const k = key();
    await provider.write(k, created({ a: "1" }), Date.now() + 60_000);
    // DEBUG SLEEP holds the server so the read is in flight when the kill lands. A fixed
    // pause raced a slow redis-cli start on a loaded machine: wait until a PING goes unanswered.
    const sleeper = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const probe = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    sleeper.on("error", () => undefined);
    probe.on("error", () => undefined);
    await Promise.all([sleeper.connect(), probe.connect()]);
    void sleeper.call("DEBUG", "SLEEP", "5").catch(() => undefined);
    await waitUntil("the server to block in DEBUG SLEEP", 10_000, async () => {
      const answered = await Promise.race([probe.ping().then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), 150))]);
      return !answered;
    });
    const pending = rejection(provider.read(k));
    await server.kill();
    const { err, ms } = await pending;
    expect(isSessError(err, SessErrorCode.STORE_UNAVAILABLE), String(err)).toBe(true);
    expect(ms).toBeLessThan(DEADLINE_MS + 2000);
    sleeper.disconnect();
    probe.disconnect();
    await server.restart();
    await waitUntil("the provider to reconnect", 15_000, async () => (await provider.read(k)) !== null);
  }, 60_000);
});
