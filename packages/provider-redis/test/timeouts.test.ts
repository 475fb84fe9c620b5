import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSessError, SessErrorCode } from "@sess/core";
import { Redis } from "ioredis";
import { redisProvider } from "../src/index.js";
import { RedisProcess, sleep, waitUntil } from "./support/redis-process.js";
import { created, key } from "./support/records.js";

let server: RedisProcess;

beforeAll(async () => {
  server = await RedisProcess.start();
});

afterAll(() => {
  server?.stop();
});

async function outcome(work: Promise<unknown>): Promise<{ ok: boolean; value?: unknown; err?: unknown }> {
  return work.then(
    (value) => ({ ok: true, value }),
    (err: unknown) => ({ ok: false, err }),
  );
}

describe("one slow reply", () => {
  it("fails its own call only: a call sent later on the same connection still gets its answer", async () => {
    const provider = await redisProvider({ url: `redis://127.0.0.1:${server.port}`, commandTimeoutMs: 2000 });
    try {
      const k = key();
      await provider.write(k, created({ user: "ann" }), Date.now() + 60_000);
      // The server holds every command for 3 s: the first call overruns its 2 s deadline,
      // the second, sent 1.5 s later, gets the reply 0.5 s before its own.
      await server.cli("CLIENT", "PAUSE", "3000", "ALL");
      const first = outcome(provider.read(key()));
      await sleep(1500);
      const second = outcome(provider.read(k));
      const a = await first;
      expect(a.ok).toBe(false);
      expect(isSessError(a.err) && a.err.code === SessErrorCode.STORE_UNAVAILABLE).toBe(true);
      const b = await second;
      expect(b.err).toBeUndefined();
      expect(b.value).toMatchObject({ data: { user: "ann" } });
    } finally {
      await provider.close();
    }
  });

  it("socketTimeoutMs below 2 × commandTimeoutMs is refused as INVALID_CONFIG; the default is 3 ×", async () => {
    const err = await redisProvider({ url: `redis://127.0.0.1:${server.port}`, commandTimeoutMs: 2000, socketTimeoutMs: 2000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSessError(err) && err.code === SessErrorCode.INVALID_CONFIG).toBe(true);
    expect(String((err as Error).message)).toMatch(/socketTimeoutMs/);
    const provider = await redisProvider({ url: `redis://127.0.0.1:${server.port}`, commandTimeoutMs: 500 });
    expect((provider.client.options as { socketTimeout?: number }).socketTimeout).toBe(1500);
    await provider.close();
  });
});

describe("a client the user passed in", () => {
  it("a write made while it is disconnected fails at once and never applies after it reconnects", async () => {
    // ioredis defaults: an offline queue, and commands resent after a reconnect.
    const client = new Redis({ host: "127.0.0.1", port: server.port });
    client.on("error", () => undefined);
    const provider = await redisProvider({ client, commandTimeoutMs: 500 });
    try {
      await server.kill();
      await waitUntil("the client to notice", 10_000, () => client.status !== "ready");
      const k = key();
      const write = await outcome(provider.write(k, created({ user: "late" }), Date.now() + 60_000));
      expect(isSessError(write.err) && write.err.code === SessErrorCode.STORE_UNAVAILABLE).toBe(true);
      await server.restart();
      await waitUntil("the client to reconnect", 20_000, () => client.status === "ready");
      await sleep(500);
      const check = new Redis({ host: "127.0.0.1", port: server.port });
      try {
        expect(await check.exists(provider.redisKey(k))).toBe(0);
      } finally {
        check.disconnect();
      }
    } finally {
      await provider.close();
      client.disconnect();
    }
  });
});
