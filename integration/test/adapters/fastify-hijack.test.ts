// reply.hijack() skips Fastify's onSend, where the plugin saves: the cookie still goes out
// with the handler's own headers, so the change must be stored too, never a cookie for a
// record that does not exist (issue 21, defect 11).
import Fastify from "fastify";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { sessionPlugin } from "@sess/core/fastify";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveFastify, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;
beforeEach(async () => {
  manager = await sidManager();
  const fastify = Fastify();
  await fastify.register(sessionPlugin, { manager });
  fastify.post("/login", async (request, reply) => {
    request.session.set("username", "ann");
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/plain" });
    reply.raw.end("taken over");
  });
  fastify.get("/", async (request) => request.session.get("username") ?? "nobody");
  app = await serveFastify(fastify);
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
