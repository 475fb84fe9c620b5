import { createReadStream } from "node:fs";
import { createServer } from "node:http";
import Koa, { type Context } from "koa";
import type { Session } from "@sess/core";
import { sessionMiddleware } from "@sess/core/koa";
import { type AdapterApp, type AdapterHarness, type AppRoute, listen, nodeBody, type Reply, streamContentType, webBody } from "@sess/conformance/adapters";
import { STREAMS } from "./capabilities.js";

declare module "koa" {
  interface DefaultContext {
    /** The second manager's session (`sessionMiddleware(second, { property: "second" })`). */
    second: Session;
  }
}

/** Answers a reply the Koa way. */
function send(ctx: Context, reply: Reply): void {
  switch (reply.kind) {
    case "text":
      ctx.status = reply.status;
      ctx.type = "text/plain";
      ctx.body = reply.body;
      return;
    case "redirect":
      ctx.redirect(reply.location);
      ctx.status = reply.status;
      return;
    case "throw":
      throw reply.error;
    case "stream":
      ctx.type = streamContentType(reply);
      ctx.body = reply.style === "web-stream" ? webBody(reply) : nodeBody(reply);
      return;
    case "file":
      ctx.type = "text/plain";
      ctx.body = createReadStream(reply.path);
      return;
    case "flush-headers":
      ctx.status = 200;
      ctx.type = "text/plain";
      ctx.flushHeaders();
      ctx.body = reply.body;
      return;
    case "take-over":
      ctx.respond = false;
      ctx.res.writeHead(200, { "content-type": "text/plain" }).end(ctx.method === "HEAD" ? undefined : reply.body);
      return;
    case "not-modified":
      ctx.status = 304;
      ctx.set("etag", reply.etag);
      return;
    default:
      throw new Error(`Koa cannot answer a "${reply.kind}" reply`);
  }
}

async function handle(ctx: Context, app: AdapterApp, route: AppRoute, lazy: boolean): Promise<void> {
  const reply = await route.handle({
    query: new URLSearchParams(ctx.querystring),
    session: async (which) => {
      if (lazy) return (which === "second" ? app.second : app.main).start(ctx.req, ctx.res);
      return which === "second" ? ctx.second : ctx.session;
    },
    start: () => app.main.start(ctx.req, ctx.res),
  });
  send(ctx, reply);
}

/** Koa 3 with `sessionMiddleware` per manager, under the usual outer `try { await next() } catch` error middleware. */
function koaHarness(lazy: boolean): AdapterHarness {
  return {
    name: lazy ? "koa 3 (lazy)" : "koa 3",
    capabilities: {
      ...STREAMS,
      "flush-headers": true,
      "take-over": true,
      "network-error": "Koa has no Response.error()",
    },
    untouchedReads: lazy ? 0 : 1,
    async start(app) {
      const koa = new Koa();
      koa.silent = true;
      koa.use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          app.errorHandled(error);
          ctx.status = 500;
          ctx.body = "internal error";
        }
      });
      koa.use(sessionMiddleware(app.main, { lazy }));
      koa.use(sessionMiddleware(app.second, { property: "second", lazy }));
      const twice = sessionMiddleware(app.main, { lazy });
      koa.use(async (ctx, next) => {
        const method = ctx.method === "HEAD" ? "GET" : ctx.method;
        const route = app.routes.find((r) => r.path === ctx.path && r.method === method);
        if (route === undefined) {
          await next();
          return;
        }
        if (route.mountTwice) await twice(ctx, () => handle(ctx, app, route, lazy));
        else await handle(ctx, app, route, lazy);
      });
      const callback = koa.callback();
      return listen(createServer(app.serverOptions, (req, res) => void callback(req, res)));
    },
  };
}

/** Koa 3, the session loaded before the handler. */
export const koaEagerHarness = koaHarness(false);
/** Koa 3 with `lazy: true`: the session loads on `manager.start(ctx.req, ctx.res)`. */
export const koaLazyHarness = koaHarness(true);
