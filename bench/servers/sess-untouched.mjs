import http from "node:http";
import { sessionMiddleware as expressSession } from "@sess/core/express";
import { sessionPlugin } from "@sess/core/fastify";
import { getSession } from "@sess/core/fetch";
import { sessionMiddleware as honoSession } from "@sess/core/hono";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { getRequestListener } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { seedData } from "../lib/setup/payload.mjs";
import { routeOf } from "./route.mjs";
import { openManager } from "./sess-manager.mjs";

/**
 * Issue 21's lazy form: sess's middleware on `framework`, eager or `lazy`, where "/read"
 * is a route that never touches the session (it answers "ok" for a client with a valid
 * cookie) and "/seed", "/write" use the session through the adapter's documented accessor
 * (`manager.start(req, res)`, `getSession(manager, c.req.raw)`), which is the middleware's
 * own session in both forms. The read figures compare what an untouched route costs.
 */
export async function start({ provider, providerConfig, framework, lazy }) {
  const manager = await openManager(provider, providerConfig);
  let seeded = 0;
  // The counter route: seed or write on the request's session.
  const counter = (session, route) => {
    if (route === "seed") {
      for (const [k, v] of Object.entries(seedData(seeded++))) session.set(k, v);
      session.set("n", 0);
      return "0";
    }
    const n = session.get("n");
    if (n === undefined) return undefined;
    session.set("n", n + 1);
    return String(n + 1);
  };
  const close = () => manager.close();
  if (framework === "express") {
    const app = express();
    app.set("etag", false);
    app.set("x-powered-by", false);
    app.use(expressSession(manager, { lazy }));
    app.get("/read", (_req, res) => void res.end("ok"));
    app.get(["/seed", "/write"], async (req, res) => {
      const body = counter(await manager.start(req, res), routeOf(req.url));
      if (body === undefined) res.status(404).end();
      else res.end(body);
    });
    return { server: http.createServer(app), close };
  }
  if (framework === "fastify") {
    let server;
    const app = Fastify({ logger: false, serverFactory: (handler) => (server = http.createServer(handler)) });
    await app.register(sessionPlugin, { manager, lazy });
    app.get("/read", async () => "ok");
    for (const path of ["/seed", "/write"]) {
      app.get(path, async (request, reply) => {
        const body = counter(await manager.start(request.raw, reply.raw), routeOf(request.url));
        return body === undefined ? reply.code(404).send() : body;
      });
    }
    await app.ready();
    return { server, close: async () => (await app.close(), await manager.close()) };
  }
  if (framework === "hono") {
    const app = new Hono();
    app.use(honoSession(manager, { lazy }));
    app.get("/read", (c) => c.text("ok"));
    app.get("/:route{seed|write}", async (c) => {
      const body = counter(await getSession(manager, c.req.raw), c.req.param("route"));
      return body === undefined ? c.body(null, 404) : c.text(body);
    });
    return { server: http.createServer(getRequestListener(app.fetch)), close };
  }
  const app = new Koa();
  app.use(koaSession(manager, { lazy }));
  app.use(async (ctx) => {
    const route = routeOf(ctx.url);
    if (route === "read") return void (ctx.body = "ok");
    const body = counter(await manager.start(ctx.req, ctx.res), route);
    if (body === undefined) ctx.status = 404;
    else ctx.body = body;
  });
  return { server: http.createServer(app.callback()), close };
}
