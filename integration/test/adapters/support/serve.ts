// Each framework's app on a real node:http server at a free port, and the manager the
// adapter tests share: cookie "sid", one hour, failures the test does not count dropped.
import { createServer, type ServerOptions } from "node:http";
import { getRequestListener } from "@hono/node-server";
import express, { type ErrorRequestHandler, type Express } from "express";
import type { FastifyInstance } from "fastify";
import type { Hono } from "hono";
import Koa from "koa";
import { createManager, type CreateManagerOptions, type Manager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import type { Provider } from "@sess/core/provider";
import { MemoryProvider } from "@sess/provider-memory";
import { listen, type RunningApp } from "./harness.js";

/** A manager for cookie "sid" on `provider` (a new memory store by default). */
export function sidManager(provider: CreateManagerOptions["provider"] | Provider = new MemoryProvider(), options: Partial<CreateManagerOptions> = {}): Promise<Manager> {
  return createManager({ provider, cookieName: "sid", maxLifetime: 3600, onError: () => {}, ...options });
}

/** Serves a Koa app. */
export function serveKoa(koa: Koa): Promise<RunningApp> {
  const callback = koa.callback();
  // Koa's callback handles its own errors (ctx.onerror); its promise is not the place to look for them.
  return listen(createServer((req, res) => void callback(req, res)));
}

/** Serves Koa with `middleware` (sess among them), then POST /login (stores username "ann") and GET / (answers it, or "nobody"). */
export function serveKoaLogin(...middleware: Koa.Middleware[]): Promise<RunningApp> {
  const koa = new Koa();
  koa.silent = true;
  for (const m of middleware) koa.use(m);
  koa.use(async (ctx) => {
    if (ctx.path === "/login") {
      ctx.session.set("username", "ann");
      ctx.body = "ok";
    } else ctx.body = ctx.session.get("username") ?? "nobody";
  });
  return serveKoa(koa);
}

/** Serves a Hono app through @hono/node-server with Node's own Request/Response. */
export function serveHono(hono: Hono): Promise<RunningApp> {
  const listener = getRequestListener(hono.fetch, { overrideGlobalObjects: false });
  return listen(createServer((req, res) => void listener(req, res)));
}

/** Serves a Fetch handler through @hono/node-server. */
export function serveFetch(handler: (request: Request) => Promise<Response>): Promise<RunningApp> {
  const listener = getRequestListener(handler, { overrideGlobalObjects: false });
  return listen(createServer((req, res) => void listener(req, res)));
}

/** Starts a Fastify app on its own server. */
export async function serveFastify(fastify: FastifyInstance): Promise<RunningApp> {
  await fastify.listen({ port: 0, host: "127.0.0.1" });
  return { url: `http://127.0.0.1:${(fastify.server.address() as { port: number }).port}`, close: () => fastify.close() };
}

/** What `serveExpressLogin` adds around its two routes. */
export interface ExpressLoginOptions {
  /** Routes registered before /login and /. */
  routes?: (app: Express) => void;
  /** The app's error handler, registered last. */
  onError?: ErrorRequestHandler;
  /** Options of the node:http server (maxHeaderSize). */
  server?: ServerOptions;
}

/**
 * An Express app over `manager`: the extra routes, then POST /login (stores username
 * "ann") and GET / (answers the username, or "nobody").
 */
export function serveExpressLogin(manager: Manager, options: ExpressLoginOptions = {}): Promise<RunningApp> {
  const app = express();
  app.use(sessionMiddleware(manager));
  options.routes?.(app);
  app.post("/login", (req, res) => {
    req.session.set("username", "ann");
    res.send("ok");
  });
  app.get("/", (req, res) => {
    res.send(req.session.get("username") ?? "nobody");
  });
  if (options.onError) app.use(options.onError);
  return listen(createServer(options.server ?? {}, app));
}
