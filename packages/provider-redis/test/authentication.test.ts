import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSessError, newManager, SessErrorCode } from "@sess/core";
import "../src/index.js";
import { RedisProcess } from "./support/redis-process.js";

// Private servers, so no test touches the shared server's configuration: one with no
// password at all, one that requires a password (set after start: the helper pings unauthenticated).
const PASSWORD = "s3cret-Pw-4f9a";
let open: RedisProcess;
let locked: RedisProcess;

beforeAll(async () => {
  [open, locked] = await Promise.all([RedisProcess.start(), RedisProcess.start()]);
  await locked.cli("CONFIG", "SET", "requirepass", "the-right-password");
});

afterAll(() => {
  open?.stop();
  locked?.stop();
});

async function opening(config: unknown): Promise<unknown> {
  return newManager("redis", "sid", 3600, config).then(
    async (manager) => {
      await manager.close();
      return undefined;
    },
    (err: unknown) => err,
  );
}

function expectAuthError(err: unknown): void {
  expect(isSessError(err)).toBe(true);
  const e = err as Error & { code: string };
  expect([SessErrorCode.INVALID_CONFIG, SessErrorCode.STORE_UNAVAILABLE]).toContain(e.code);
  expect(e.message).toMatch(/authentication/i);
  expect(e.message).not.toContain(PASSWORD);
  const cause = (e as { cause?: unknown }).cause;
  expect(cause instanceof Error ? cause.message : "").not.toContain(PASSWORD);
}

describe("a password the server does not check", () => {
  it('newManager("redis", ..., "host:port,pool,password") rejects INVALID_CONFIG about authentication when the server has no password', async () => {
    const err = await opening(`${open.address},100,${PASSWORD}`);
    expectAuthError(err);
    expect((err as { code: string }).code).toBe(SessErrorCode.INVALID_CONFIG);
  });

  it("a redis:// URL with a password rejects the same way", async () => {
    expectAuthError(await opening(`redis://:${PASSWORD}@127.0.0.1:${open.port}`));
  });

  it('an options object naming the user "default" rejects the same way', async () => {
    expectAuthError(await opening({ host: "127.0.0.1", port: open.port, username: "default", password: PASSWORD }));
  });

  it("without a password the open server is accepted", async () => {
    expect(await opening(`${open.address},100`)).toBeUndefined();
  });
});

describe("a server that requires a password", () => {
  it("a wrong password rejects INVALID_CONFIG about authentication, without waiting for the connect deadline", async () => {
    // The connect deadline is longer than the test's timeout: only an immediate rejection passes.
    const err = await opening({ url: `${locked.address},100,${PASSWORD}`, connectTimeoutMs: 120_000 });
    expectAuthError(err);
    expect((err as { code: string }).code).toBe(SessErrorCode.INVALID_CONFIG);
  });

  it("the right password opens a manager that stores sessions", async () => {
    const manager = await newManager("redis", "sid", 3600, `${locked.address},100,the-right-password`);
    try {
      const s = manager.create();
      s.set("user", "ann");
      await s.release();
      expect((await manager.load(s.id))?.get("user")).toBe("ann");
    } finally {
      await manager.close();
    }
  });
});
