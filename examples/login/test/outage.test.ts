import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieOf, startServerProcess, stopServerProcess } from "@sess/test-support/login-flow";
import { PrivateRedis, untilOk } from "@sess/test-support/private-redis";

const serverFile = fileURLToPath(new URL("../dist/server.js", import.meta.url));
let redis: PrivateRedis;
let child: ChildProcess;
let base: string;

// The demo on a Redis of this test's own, which the test stops and starts again.
beforeAll(async () => {
  redis = await PrivateRedis.start();
  const server = startServerProcess(serverFile, { SESS_PROVIDER: "redis", SESS_PROVIDER_CONFIG: redis.address });
  child = server.child;
  base = await server.base;
}, 30_000);

afterAll(async () => {
  await stopServerProcess(child);
  await redis.stop();
});

describe("login demo on Redis, through an outage", () => {
  it("answers 503 while Redis is down, stays up, and serves again once Redis is back", async () => {
    const login = await fetch(base + "/login", { method: "POST", body: new URLSearchParams({ username: "ann", password: "pw" }), redirect: "manual" });
    expect(login.status).toBe(303);
    const cookie = cookieOf(login, "gosessionid")!;

    await redis.stop();
    for (const request of [() => fetch(base + "/", { headers: { cookie } }), () => fetch(base + "/login", { method: "POST", body: new URLSearchParams({ username: "bo", password: "pw" }) })]) {
      const res = await request();
      expect(res.status).toBe(503);
      expect(await res.text()).toContain("the session store is unavailable");
    }
    expect(child.exitCode).toBeNull();

    await redis.start();
    const back = await untilOk(() => fetch(base + "/"));
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('action="/login"');
  }, 60_000);
});
