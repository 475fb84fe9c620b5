// One documented way per adapter to get the request's session, the same object the
// adapter saves: manager.start(req, res) under Koa and Fastify, getSession(manager,
// c.req.raw) under Hono; after destroy() it gives a fresh session that is saved too, so
// "log out, then flash on a fresh session" works everywhere (issue 21, defect 6).
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Manager, Session } from "@sess/core";
import { sessionPlugin } from "@sess/core/fastify";
import { getSession } from "@sess/core/fetch";
import { sessionMiddleware as honoSession } from "@sess/core/hono";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveFastify, serveHono, serveKoa, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;
beforeEach(async () => {
  manager = await sidManager();
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

/** What each route does with the adapter's session and the documented way's. */
const routes = {
  async login(session: Session): Promise<string> {
    session.set("username", "ann");
    return "ok";
  },
  async same(adapter: Session, documented: () => Promise<Session>): Promise<string> {
    return String(adapter === (await documented()));
  },
  async logout(adapter: Session, documented: () => Promise<Session>): Promise<string> {
    await adapter.destroy();
    const fresh = await documented();
    fresh.flash("notice", "bye");
    return String(fresh !== adapter);
  },
  async home(documented: () => Promise<Session>): Promise<string> {
    const session = await documented();
    return `${session.get("username") ?? "nobody"} ${JSON.stringify(session.flashes("notice"))}`;
  },
};

async function logoutFlow(): Promise<void> {
  const login = await call(`${app.url}/login`, { method: "POST" });
  expect(login.sid).toBeDefined();
  expect((await call(`${app.url}/same`, { cookie: login.sid })).body).toBe("true");
  const logout = await call(`${app.url}/logout`, { method: "POST", cookie: login.sid });
  expect(logout.body).toBe("true");
  expect(logout.sid).toBeDefined();
  expect(logout.sid).not.toBe(login.sid);
  expect(logout.sid).not.toBe("sid=");
  expect((await call(`${app.url}/`, { cookie: logout.sid })).body).toBe('nobody ["bye"]');
  expect((await call(`${app.url}/`, { cookie: login.sid })).body).toBe("nobody []");
}

it("Koa: manager.start(ctx.req, ctx.res) is ctx.session, and after destroy() a fresh session that is saved", async () => {
  const koa = new Koa();
  koa.silent = true;
  koa.use(koaSession(manager));
  koa.use(async (ctx) => {
    const documented = () => manager.start(ctx.req, ctx.res);
    if (ctx.path === "/login") ctx.body = await routes.login(ctx.session);
    else if (ctx.path === "/same") ctx.body = await routes.same(ctx.session, documented);
    else if (ctx.path === "/logout") ctx.body = await routes.logout(ctx.session, documented);
    else ctx.body = await routes.home(documented);
  });
  app = await serveKoa(koa);
  await logoutFlow();
});

it("Fastify: manager.start(request.raw, reply.raw) is request.session, and after destroy() a fresh session that is saved", async () => {
  const fastify = Fastify();
  await fastify.register(sessionPlugin, { manager });
  fastify.post("/login", async (request) => routes.login(request.session));
  fastify.get("/same", async (request, reply) => routes.same(request.session, () => manager.start(request.raw, reply.raw)));
  fastify.post("/logout", async (request, reply) => routes.logout(request.session, () => manager.start(request.raw, reply.raw)));
  fastify.get("/", async (request, reply) => routes.home(() => manager.start(request.raw, reply.raw)));
  app = await serveFastify(fastify);
  await logoutFlow();
});

it("Hono: getSession(manager, c.req.raw) is c.get('session'), and after destroy() a fresh session that is saved", async () => {
  const hono = new Hono();
  hono.use(honoSession(manager));
  hono.post("/login", async (c) => c.text(await routes.login(c.get("session"))));
  hono.get("/same", async (c) => c.text(await routes.same(c.get("session"), () => getSession(manager, c.req.raw))));
  hono.post("/logout", async (c) => c.text(await routes.logout(c.get("session"), () => getSession(manager, c.req.raw))));
  hono.get("/", async (c) => c.text(await routes.home(() => getSession(manager, c.req.raw))));
  app = await serveHono(hono);
  await logoutFlow();
});
