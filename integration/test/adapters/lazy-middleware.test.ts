// The lazy form of the Express, Fastify, Koa and Hono middleware: the session loads only
// when the handler asks for it, so a route that never does costs no store call, while a
// route that does is saved as with the eager form.
import { createServer } from "node:http";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Manager, Session } from "@sess/core";
import { sessionMiddleware as expressSession } from "@sess/core/express";
import { sessionPlugin } from "@sess/core/fastify";
import { getSession } from "@sess/core/fetch";
import { sessionMiddleware as honoSession } from "@sess/core/hono";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { call } from "./support/http-client.js";
import { listen, type RunningApp } from "./support/harness.js";
import { serveFastify, serveHono, serveKoa, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let store: Counted<MemoryProvider>;
let manager: Manager;
let app: RunningApp;
beforeEach(async () => {
  store = counted(new MemoryProvider());
  manager = await sidManager(store.provider);
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

// "/login" stores a user, "/me" reads it, "/public" never asks for the session.
const login = async (session: Session) => {
  session.set("username", "ann");
  return "ok";
};
const me = async (session: Session) => session.get("username") ?? "nobody";

async function expectLazy(): Promise<void> {
  const answer = await call(`${app.url}/login`, { method: "POST" });
  expect(answer.sid).toBeDefined();
  store.reset();
  const open = await call(`${app.url}/public`, { cookie: answer.sid });
  expect(open.body).toBe("public");
  expect(open.setCookies).toEqual([]);
  expect(store.total()).toBe(0);
  expect((await call(`${app.url}/me`, { cookie: answer.sid })).body).toBe("ann");
  expect(store.calls.get("read")).toBe(1);
}

it("Express, { lazy: true }: an untouched route costs no store call; manager.start(req, res) loads and saves", async () => {
  const server = express();
  server.use(expressSession(manager, { lazy: true }));
  server.post("/login", async (req, res) => void res.send(await login(await manager.start(req, res))));
  server.get("/me", async (req, res) => void res.send(await me(await manager.start(req, res))));
  server.get("/public", (_req, res) => void res.send("public"));
  app = await listen(createServer(server));
  await expectLazy();
});

it("Fastify, { lazy: true }: an untouched route costs no store call; manager.start(request.raw, reply.raw) loads and saves", async () => {
  const fastify = Fastify();
  await fastify.register(sessionPlugin, { manager, lazy: true });
  fastify.post("/login", async (request, reply) => login(await manager.start(request.raw, reply.raw)));
  fastify.get("/me", async (request, reply) => me(await manager.start(request.raw, reply.raw)));
  fastify.get("/public", async () => "public");
  app = await serveFastify(fastify);
  await expectLazy();
});

it("Koa, { lazy: true }: an untouched route costs no store call; manager.start(ctx.req, ctx.res) loads and saves", async () => {
  const koa = new Koa();
  koa.use(koaSession(manager, { lazy: true }));
  koa.use(async (ctx) => {
    if (ctx.path === "/login") ctx.body = await login(await manager.start(ctx.req, ctx.res));
    else if (ctx.path === "/me") ctx.body = await me(await manager.start(ctx.req, ctx.res));
    else ctx.body = "public";
  });
  app = await serveKoa(koa);
  await expectLazy();
});

it("Hono, { lazy: true }: an untouched route costs no store call; getSession(manager, c.req.raw) loads and saves", async () => {
  const hono = new Hono();
  hono.use(honoSession(manager, { lazy: true }));
  hono.post("/login", async (c) => c.text(await login(await getSession(manager, c.req.raw))));
  hono.get("/me", async (c) => c.text(await me(await getSession(manager, c.req.raw))));
  hono.get("/public", (c) => c.text("public"));
  app = await serveHono(hono);
  await expectLazy();
});
