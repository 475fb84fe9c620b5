import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Manager, Session } from "@sess/core";
import { sessionMiddleware as expressSessions } from "@sess/core/express";
import { sessionPlugin } from "@sess/core/fastify";
import { commitSessions, getSession } from "@sess/core/fetch";
import { sessionMiddleware as honoSessions } from "@sess/core/hono";
import { sessionMiddleware as koaSessions } from "@sess/core/koa";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";

/** What a route does with the session; the answer is the response body. */
export type Route = (session: Session) => Promise<string>;

/** The routes every app serves. */
export const routes: Record<string, Route> = {
  "/set": async (s) => {
    s.set("n", 1);
    return "set";
  },
  "/get": async (s) => JSON.stringify(s.get("n") ?? "none").replaceAll('"', ""),
  "/regenerate": async (s) => {
    await s.regenerate();
    return "regenerated";
  },
  "/destroy": async (s) => {
    await s.destroy();
    return "destroyed";
  },
};

function route(path: string): Route {
  return routes[path] ?? (async () => "not found");
}

/** An app listening on a free loopback port. */
export interface App {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<App> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const fetchHandler = (manager: Manager) => async (request: Request) => {
  const body = await route(new URL(request.url).pathname)(await getSession(manager, request));
  return commitSessions(request, new Response(body));
};

/** One app per adapter, each serving `routes` with the session of `manager`. */
export const adapters: Record<string, (manager: Manager) => Promise<App>> = {
  "node:http": (manager) =>
    listen(
      createServer((req, res) => {
        void (async () => {
          const session = await manager.start(req, res);
          const body = await route(new URL(req.url ?? "/", "http://x").pathname)(session);
          await (await manager.start(req, res)).release();
          res.end(body);
        })();
      }),
    ),
  express: (manager) => {
    const app = express();
    app.use(expressSessions(manager));
    app.use((req, res, next) => {
      route(req.path)(req.session).then((body) => res.send(body), next);
    });
    return listen(createServer(app));
  },
  fastify: async (manager) => {
    const app = Fastify();
    await app.register(sessionPlugin, { manager });
    app.get("/*", async (request) => route(new URL(request.url, "http://x").pathname)(request.session));
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    return { url, close: () => app.close() };
  },
  hono: (manager) => {
    const app = new Hono();
    app.use(honoSessions(manager));
    app.get("*", async (c) => c.text(await route(c.req.path)(c.get("session"))));
    const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
    return listen(createServer((req, res) => void listener(req, res)));
  },
  koa: (manager) => {
    const app = new Koa();
    app.use(koaSessions(manager));
    app.use(async (ctx) => {
      ctx.body = await route(ctx.path)(ctx.session);
    });
    const callback = app.callback();
    return listen(createServer((req, res) => void callback(req, res)));
  },
  fetch: (manager) => {
    const listener = getRequestListener(fetchHandler(manager), { overrideGlobalObjects: false });
    return listen(createServer((req, res) => void listener(req, res)));
  },
};

/** GETs `path`; resolves the `sid=…` pair the response set, if any. */
export async function get(url: string, cookie?: string): Promise<{ body: string; sid: string | undefined }> {
  const response = await fetch(url, { headers: cookie === undefined ? {} : { cookie } });
  const sid = response.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("sid="));
  return { body: await response.text(), sid };
}
