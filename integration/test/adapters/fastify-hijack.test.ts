// reply.hijack() skips Fastify's onSend, where the plugin saves: the cookie still goes out
// with the handler's own headers, so the change must be stored too, never a cookie for a
// record that does not exist (issue 21, defect 11).
import Fastify from "fastify";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, type Manager } from "@sess/core";
import { sessionPlugin } from "@sess/core/fastify";
import { MemoryProvider } from "@sess/provider-memory";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;
beforeEach(async () => {
  manager = await createManager({ provider: new MemoryProvider(), cookieName: "sid", maxLifetime: 3600, onError: () => {} });
  const fastify = Fastify();
  await fastify.register(sessionPlugin, { manager });
  fastify.post("/login", async (request, reply) => {
    request.session.set("username", "ann");
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/plain" });
    reply.raw.end("taken over");
  });
  fastify.get("/", async (request) => request.session.get("username") ?? "nobody");
  await fastify.listen({ port: 0, host: "127.0.0.1" });
  app = { url: `http://127.0.0.1:${(fastify.server.address() as { port: number }).port}`, close: () => fastify.close() };
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

it("Fastify: after reply.hijack() the change is stored with the cookie the raw response carried", async () => {
  const login = await call(`${app.url}/login`, { method: "POST" });
  expect(login.body).toBe("taken over");
  expect(login.sid).toBeDefined();
  await expect.poll(async () => (await call(`${app.url}/`, { cookie: login.sid })).body, { timeout: 2000 }).toBe("ann");
  expect(await manager.count()).toBe(1);
});
