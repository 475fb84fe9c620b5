import { createReadStream } from "node:fs";
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { stream, streamSSE } from "hono/streaming";
import type { Session } from "@sess/core";
import { getSession } from "@sess/core/fetch";
import { sessionMiddleware } from "@sess/core/hono";
import { type AdapterHarness, listen, type Reply, webBody } from "@sess/conformance/adapters";
import { RETURNS_RESPONSE, STREAMS } from "./capabilities.js";

type Env = { Variables: { second: Session } };

/** Answers a reply the Hono way (its streaming helpers for streams). */
function send(c: Context<Env>, reply: Reply): Response | Promise<Response> {
  switch (reply.kind) {
    case "text":
      return c.text(reply.body, reply.status as 200);
    case "redirect":
      return c.redirect(reply.location, reply.status);
    case "throw":
      throw reply.error;
    case "stream":
      if (reply.style === "web-stream") return c.body(webBody(reply));
      if (reply.style === "sse") {
        return streamSSE(c, async (sse) => {
          for (const [index, data] of reply.chunks.entries()) {
            if (index === 1 && reply.between) await reply.between();
            await sse.writeSSE({ data });
          }
        });
      }
      return stream(c, async (out) => {
        for (const [index, chunk] of reply.chunks.entries()) {
          if (index === 1 && reply.between) await reply.between();
          await out.write(chunk);
        }
      });
    case "file":
      return c.body(Readable.toWeb(createReadStream(reply.path)) as ReadableStream, 200, { "content-type": "text/plain" });
    case "not-modified":
      return c.body(null, 304, { etag: reply.etag });
    case "network-error":
      return Response.error();
    default:
      throw new Error(`Hono cannot answer a "${reply.kind}" reply`);
  }
}

/** Hono on @hono/node-server with `sessionMiddleware` per manager, errors answered by `app.onError`. */
function honoHarness(lazy: boolean): AdapterHarness {
  return {
    name: lazy ? "hono 4 (lazy)" : "hono 4",
    capabilities: {
      ...STREAMS,
      ...RETURNS_RESPONSE,
      "network-error": true,
    },
    untouchedReads: lazy ? 0 : 1,
    async start(app) {
      const hono = new Hono<Env>();
      hono.use(sessionMiddleware(app.main, { lazy }));
      hono.use(sessionMiddleware(app.second, { key: "second", lazy }));
      hono.onError((error, c) => {
        app.errorHandled(error);
        return c.text("internal error", 500);
      });
      for (const route of app.routes) {
        const handler = async (c: Context<Env>) => {
          const reply = await route.handle({
            query: new URL(c.req.url).searchParams,
            session: async (which) => {
              if (lazy) return getSession(which === "second" ? app.second : app.main, c.req.raw);
              return which === "second" ? c.get("second") : c.get("session");
            },
            // The documented entry: the same session as c.get("session"), a fresh one after destroy().
            start: () => getSession(app.main, c.req.raw),
          });
          return send(c, reply);
        };
        if (route.mountTwice) hono.on(route.method, route.path, sessionMiddleware(app.main, { lazy }), handler);
        else hono.on(route.method, route.path, handler);
      }
      const listener = getRequestListener(hono.fetch, { overrideGlobalObjects: false });
      return listen(createServer(app.serverOptions, (req, res) => void listener(req, res)));
    },
  };
}

/** Hono, the session loaded before the handler. */
export const honoEagerHarness = honoHarness(false);
/** Hono with `lazy: true`: the session loads on `getSession(manager, c.req.raw)`. */
export const honoLazyHarness = honoHarness(true);
