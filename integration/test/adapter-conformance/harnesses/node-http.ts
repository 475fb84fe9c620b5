import { createReadStream } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { Manager, Session } from "@sess/core";
import { type AdapterHarness, listen, type Reply, writeChunks } from "@sess/conformance/adapters";

const RAW = "the handler already owns the raw Node response; the streamed and flushed scenarios cover it";

/** Writes a reply to a Node response the node:http way (Express's harness uses its own helpers). */
async function writeReply(res: ServerResponse, reply: Reply): Promise<void> {
  switch (reply.kind) {
    case "text":
      res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8" }).end(reply.body);
      return;
    case "redirect":
      res.writeHead(reply.status, { location: reply.location }).end();
      return;
    case "stream":
      return writeChunks(res, reply);
    case "file":
      res.setHeader("content-type", "text/plain");
      createReadStream(reply.path).pipe(res);
      return;
    case "flush-headers":
      res.flushHeaders();
      res.end(reply.body);
      return;
    case "not-modified":
      res.writeHead(304, { etag: reply.etag }).end();
      return;
    default:
      throw new Error(`node:http cannot answer a "${reply.kind}" reply`);
  }
}

/** node:http with `manager.start(req, res)`: the handler releases in `finally`, errors answered 500 by its own catch. */
export const nodeHttpHarness: AdapterHarness = {
  name: "node:http",
  capabilities: {
    "stream:write": true,
    "stream:sse": true,
    "stream:web-stream": "node:http writes Node streams; a web stream goes through Readable.fromWeb, which is the write scenario",
    "send-file": true,
    "flush-headers": true,
    "take-over": RAW,
    "network-error": "node:http has no Response.error(); res.destroy() is the handler's own choice",
  },
  untouchedReads: 0,
  handlerReleases: true,
  async start(app) {
    const server = createServer(app.serverOptions, (req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const method = req.method === "HEAD" ? "GET" : req.method;
      const route = app.routes.find((r) => r.path === url.pathname && r.method === method);
      if (route === undefined) {
        res.writeHead(404).end();
        return;
      }
      const started = new Set<Manager>();
      const start = (manager: Manager): Promise<Session> => {
        started.add(manager);
        return manager.start(req, res);
      };
      const handle = async () => {
        let reply: Reply;
        try {
          reply = await route.handle({ query: url.searchParams, session: (which) => start(which === "second" ? app.second : app.main), start: () => start(app.main) });
        } finally {
          // The request's current session: after destroy(), start() handed out a fresh one.
          for (const manager of started) await (await manager.start(req, res)).release();
        }
        if (reply.kind === "throw") throw reply.error;
        await writeReply(res, reply);
      };
      handle().catch((error: unknown) => {
        app.errorHandled(error);
        if (res.headersSent) res.destroy();
        else res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      });
    });
    return listen(server);
  },
};
