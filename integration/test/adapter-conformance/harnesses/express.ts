import { createServer } from "node:http";
import express5, { type NextFunction, type Request, type Response } from "express";
import express4 from "express4";
import type { Manager, Session } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import { type AdapterHarness, listen, type Reply, writeChunks } from "@sess/conformance/adapters";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own extension point
  namespace Express {
    interface Request {
      /** The second manager's session (`sessionMiddleware(second, { property: "second" })`). */
      second: Session;
    }
  }
}

/** Answers a reply the Express way. */
function send(res: Response, reply: Reply, next: NextFunction): void | Promise<void> {
  switch (reply.kind) {
    case "text":
      res.status(reply.status).type("text/plain").send(reply.body);
      return;
    case "redirect":
      res.redirect(reply.status, reply.location);
      return;
    case "throw":
      throw reply.error;
    case "stream":
      return writeChunks(res, reply);
    case "file":
      res.sendFile(reply.path, (err?: Error) => {
        if (err) next(err);
      });
      return;
    case "flush-headers":
      res.status(200).type("text/plain");
      res.flushHeaders();
      res.end(reply.body);
      return;
    case "not-modified":
      res.status(304).set("etag", reply.etag).end();
      return;
    default:
      throw new Error(`Express cannot answer a "${reply.kind}" reply`);
  }
}

/**
 * Express with `sessionMiddleware` for both managers, the routes on a sub-router whose own error
 * middleware answers 500 (where Express 5 sends a handler's rejection, and Express 4 its `next(err)`).
 */
function expressHarness(name: string, express: typeof express5, lazy = false): AdapterHarness {
  const mount = (manager: Manager, property?: string) => sessionMiddleware(manager, { lazy, ...(property === undefined ? {} : { property }) });
  return {
    name: lazy ? `${name} (lazy)` : name,
    capabilities: {
      "stream:write": true,
      "stream:sse": true,
      "stream:web-stream": "Express writes Node streams; a web stream goes through Readable.fromWeb, which is the write scenario",
      "send-file": true,
      "flush-headers": true,
      "take-over": "an Express handler already owns the raw Node response; the streamed and flushed scenarios cover it",
      "network-error": "Express has no Response.error(); res.destroy() is the handler's own choice",
    },
    untouchedReads: lazy ? 0 : 1,
    async start(app) {
      const server = express();
      const router = express.Router();
      server.use(mount(app.main));
      server.use(mount(app.second, "second"));
      for (const route of app.routes) {
        // Express 4 does not catch a handler's rejection: it goes to next, as users write it there.
        const handler = (req: Request, res: Response, next: NextFunction) => {
          const context = {
            query: new URLSearchParams(req.url.split("?")[1] ?? ""),
            // Lazy: the session loads when the handler asks, through manager.start(req, res).
            session: async (which?: string) => {
              if (lazy) return (which === "second" ? app.second : app.main).start(req, res);
              return which === "second" ? req.second : req.session;
            },
            start: () => app.main.start(req, res),
          };
          route
            .handle(context)
            .then((reply) => send(res, reply, next))
            .catch(next);
        };
        const chain = route.mountTwice ? [mount(app.main), handler] : [handler];
        if (route.method === "GET") router.get(route.path, ...chain);
        else router.post(route.path, ...chain);
      }
      router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
        app.errorHandled(err);
        if (res.headersSent) return next(err);
        res.status(500).type("text/plain").send("internal error");
      });
      server.use(router);
      return listen(createServer(app.serverOptions, server));
    },
  };
}

/** Express 5. */
export const express5Harness = expressHarness("express 5", express5);
/** Express 4 (the `express4` alias). */
export const express4Harness = expressHarness("express 4", express4 as unknown as typeof express5);
/** Express 5 with `lazy: true`: the session loads on `manager.start(req, res)`. */
export const express5LazyHarness = expressHarness("express 5", express5, true);
