import { createServer } from "node:http";
import type { Session } from "@sess/core";
import { readForm } from "../../support/routes.js";
import { errorBody, flowFor } from "./flows.js";
import { type AppFactory, listen } from "./harness.js";

/** The login app on bare node:http with `manager.start(req, res)`, releasing only the sessions a route started. */
export const nodeApp: AppFactory = async ({ main, cart }, errors) => {
  const server = createServer((req, res) => {
    const started = new Set<typeof main>();
    const start = (manager: typeof main) => (): Promise<Session> => {
      started.add(manager);
      return manager.start(req, res);
    };
    const handle = async () => {
      const url = new URL(req.url ?? "/", "http://x");
      const form = await readForm(req);
      const reply = await flowFor(req.method ?? "GET", url.pathname)({ main: start(main), cart: start(cart) }, { query: url.searchParams, form });
      // The request's current session: after a destroy, start() hands out a fresh one.
      for (const manager of started) await (await manager.start(req, res)).release();
      if (reply.cookie) res.setHeader("set-cookie", reply.cookie);
      res.writeHead(reply.status, reply.location ? { location: reply.location } : { "content-type": "text/plain" });
      res.end(reply.body);
    };
    handle().catch((err: unknown) => {
      errors.push(err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(errorBody(err));
    });
  });
  return listen(server);
};
