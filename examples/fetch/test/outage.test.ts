import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { baseUrl, closeServer, cookieOf } from "@sess/test-support/login-flow";
import { PrivateRedis, untilOk } from "@sess/test-support/private-redis";
import { createHandler } from "../src/app.js";
import { toNodeListener } from "../src/node-listener.js";
import { openSessions } from "../src/sessions.js";

let redis: PrivateRedis;
let sessions: Manager;
let server: Server;
let base: string;

// The example on Node's own server over a Redis of this test's own, which the test stops and starts again.
beforeAll(async () => {
  redis = await PrivateRedis.start();
  sessions = await openSessions({ SESS_PROVIDER: "redis", SESS_PROVIDER_CONFIG: `redis://${redis.address}` });
  server = createServer(toNodeListener(createHandler(sessions))).listen(0, "127.0.0.1");
  base = await baseUrl(server);
}, 30_000);
afterAll(async () => {
  await closeServer(server);
  await sessions.close();
  await redis.stop();
});

it("answers 503 while Redis is down and serves again once Redis is back", async () => {
  const login = await fetch(base + "/login", { method: "POST", body: new URLSearchParams({ username: "ann", password: "pw" }), redirect: "manual" });
  expect(login.status).toBe(303);
  const cookie = cookieOf(login)!;

  await redis.stop();
  const down = await fetch(base + "/", { headers: { cookie } });
  expect(down.status).toBe(503);
  expect(await down.text()).toBe("the session store is unavailable");

  await redis.start();
  const back = await untilOk(() => fetch(base + "/"));
  expect(back.status).toBe(200);
}, 60_000);
