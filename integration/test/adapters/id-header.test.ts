// idFromHeader (beego's EnableSidInHTTPHeader) through the adapters that read headers
// themselves: a client without cookies gets the id in a response header and sends it back.
import { createServer } from "node:http";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, type Manager } from "@sess/core";
import { sessionPlugin } from "@sess/core/fastify";
import { withSession } from "@sess/core/fetch";
import { sessionMiddleware } from "@sess/core/hono";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { listen } from "./support/harness.js";
import "./support/session-data.js";

let manager: Manager;
beforeEach(async () => {
  manager = await createManager({ provider: new MemoryProvider(), cookieName: "sid", maxLifetime: 3600, idFromHeader: "X-Session-Id" });
});
afterEach(() => manager.close());

it("Hono: the id travels in X-Session-Id for a client that sends no cookie", async () => {
  const app = new Hono();
  app.use(sessionMiddleware(manager));
  app.post("/login", (c) => {
    c.get("session").set("username", "ann");
    return c.text("ok");
  });
  app.get("/me", (c) => c.text(c.get("session").get("username") ?? "nobody"));
  const login = await app.request("/login", { method: "POST" });
  const id = login.headers.get("x-session-id");
  expect(id).toBeTruthy();
  expect(await (await app.request("/me", { headers: { "x-session-id": id! } })).text()).toBe("ann");
});

it("Fastify: the id travels in X-Session-Id for a client that sends no cookie", async () => {
  const app = Fastify();
  await app.register(sessionPlugin, { manager });
  app.post("/login", async (request) => {
    request.session.set("username", "bob");
    return "ok";
  });
  app.get("/me", async (request) => request.session.get("username") ?? "nobody");
  try {
    const login = await app.inject({ method: "POST", url: "/login" });
    const id = login.headers["x-session-id"];
    expect(typeof id).toBe("string");
    expect((await app.inject({ method: "GET", url: "/me", headers: { "x-session-id": id as string } })).body).toBe("bob");
  } finally {
    await app.close();
  }
});

it("Fetch: the id travels in X-Session-Id for a client that sends no cookie", async () => {
  const login = await withSession(manager, (_request, session) => {
    session.set("username", "cy");
    return new Response("ok");
  })(new Request("http://app.test/login", { method: "POST" }));
  const id = login.headers.get("x-session-id");
  expect(id).toBeTruthy();
  const me = await withSession(manager, (_request, session) => new Response(session.get("username") ?? "nobody"))(
    new Request("http://app.test/me", { headers: { "x-session-id": id! } }),
  );
  expect(await me.text()).toBe("cy");
});

it("Koa: the id travels in X-Session-Id for a client that sends no cookie", async () => {
  const app = new Koa();
  app.use(koaSession(manager));
  app.use((ctx) => {
    if (ctx.method === "POST") ctx.session.set("username", "di");
    ctx.body = ctx.session.get("username") ?? "nobody";
  });
  const callback = app.callback();
  const server = await listen(createServer((req, res) => void callback(req, res)));
  try {
    const login = await fetch(server.url, { method: "POST" });
    const id = login.headers.get("x-session-id");
    expect(id).toBeTruthy();
    expect(await (await fetch(server.url, { headers: { "x-session-id": id! } })).text()).toBe("di");
  } finally {
    await server.close();
  }
});
