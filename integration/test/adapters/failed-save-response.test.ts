// What the response says when a save fails (issue 21, defect 11): with several managers
// under Fastify, the sessions that can be saved still are, with their cookies on the
// error response; and an error answer to a redirect whose change was not saved carries
// no Location (Express, Fastify, Hono, Koa with an error middleware above sess).
import { createServer } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, type Manager, type Session } from "@sess/core";
import { sessionMiddleware as expressSession } from "@sess/core/express";
import { sessionPlugin } from "@sess/core/fastify";
import { sessionMiddleware as honoSession } from "@sess/core/hono";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { call } from "./support/http-client.js";
import { listen, type RunningApp } from "./support/harness.js";
import { serveFastify, serveHono, serveKoa, sidManager } from "./support/serve.js";
import { answerErrors } from "./support/koa-error-answer.js";
import "./support/session-data.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The cart manager's session. */
    cart: Session;
  }
}

let store: Counted<MemoryProvider>;
let main: Manager;
let cart: Manager;
let app: RunningApp;
beforeEach(async () => {
  store = counted(new MemoryProvider());
  main = await sidManager(store.provider);
  cart = await createManager({ provider: new MemoryProvider(), cookieName: "cart", maxLifetime: 3600, onError: () => {} });
  store.failing.add("write");
});
afterEach(async () => {
  await app.close();
  await main.close();
  await cart.close();
});

const cartCookie = (cookies: string[]) => cookies.map((c) => c.split(";")[0]!).find((c) => c.startsWith("cart="));

it("Fastify, two managers: the first one's write fails, the second is still saved and its cookie goes out with the error", async () => {
  const fastify = Fastify();
  await fastify.register(sessionPlugin, { manager: main });
  await fastify.register(sessionPlugin, { manager: cart, property: "cart" });
  fastify.setErrorHandler(async (_err, _request, reply) => reply.code(503).send("store down"));
  fastify.post("/add", async (request) => {
    request.session.set("username", "ann");
    request.cart.set("items", ["book"]);
    return "added";
  });
  fastify.get("/", async (request) => JSON.stringify(request.cart.get("items") ?? []));
  app = await serveFastify(fastify);
  const answer = await call(`${app.url}/add`, { method: "POST" });
  expect(answer.status).toBe(503);
  expect(answer.sid).toBeUndefined();
  const saved = cartCookie(answer.setCookies);
  expect(saved).toBeDefined();
  expect((await call(`${app.url}/`, { cookie: saved })).body).toBe('["book"]');
});

it("Express: the error answer to a redirect whose write failed carries no Location and no cookie", async () => {
  const server = express();
  server.use(expressSession(main));
  server.post("/login", (req, res) => {
    req.session.set("username", "ann");
    res.redirect(303, "/home");
  });
  server.use((_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(503).send("store down");
  });
  app = await listen(createServer(server));
  const answer = await call(`${app.url}/login`, { method: "POST" });
  expect(answer.status).toBe(503);
  expect(answer.headers.get("location")).toBeNull();
  expect(answer.sid).toBeUndefined();
});

it("Fastify: the error answer to a redirect whose write failed carries no Location and no cookie", async () => {
  const fastify = Fastify();
  await fastify.register(sessionPlugin, { manager: main });
  fastify.setErrorHandler(async (_err, _request, reply) => reply.code(503).send("store down"));
  fastify.post("/login", async (request, reply) => {
    request.session.set("username", "ann");
    return reply.redirect("/home", 303);
  });
  app = await serveFastify(fastify);
  const answer = await call(`${app.url}/login`, { method: "POST" });
  expect(answer.status).toBe(503);
  expect(answer.headers.get("location")).toBeNull();
  expect(answer.sid).toBeUndefined();
});

it("Koa with an error middleware above sess: the error answer to a redirect whose write failed carries no Location and no cookie", async () => {
  const koa = new Koa();
  koa.silent = true;
  koa.use(answerErrors(503, "store down"));
  koa.use(koaSession(main));
  koa.use(async (ctx) => {
    ctx.session.set("username", "ann");
    ctx.status = 303;
    ctx.redirect("/home");
  });
  app = await serveKoa(koa);
  const answer = await call(`${app.url}/login`, { method: "POST" });
  expect(answer.status).toBe(503);
  expect(answer.headers.get("location")).toBeNull();
  expect(answer.sid).toBeUndefined();
});

it("Hono: app.onError's answer to a redirect whose write failed carries no Location and no cookie", async () => {
  const hono = new Hono();
  hono.use(honoSession(main));
  hono.onError((_err, c) => c.text("store down", 503));
  hono.post("/login", (c) => {
    c.get("session").set("username", "ann");
    return c.redirect("/home", 303);
  });
  app = await serveHono(hono);
  const answer = await call(`${app.url}/login`, { method: "POST" });
  expect(answer.status).toBe(503);
  expect(answer.headers.get("location")).toBeNull();
  expect(answer.sid).toBeUndefined();
});
