import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import type { Session } from "@sess/core";
import { sessionMiddleware } from "@sess/core/hono";
import { errorBody, flowFor, flows } from "./flows.js";
import { type AppFactory, listen } from "./harness.js";

/** The login app on Hono, served by @hono/node-server (with Node's own Request/Response). */
export const honoApp: AppFactory = async ({ main, cart }, errors) => {
  const app = new Hono<{ Variables: { cart: Session } }>();
  app.use(sessionMiddleware(main));
  app.use(sessionMiddleware(cart, { key: "cart" }));
  app.onError((err, c) => {
    errors.push(err);
    return c.text(errorBody(err), 500);
  });
  for (const key of Object.keys(flows)) {
    const [method = "", path = ""] = key.split(" ");
    app.on(method, path, async (c) => {
      const form = method === "POST" ? new URLSearchParams(await c.req.text()) : new URLSearchParams();
      const query = new URL(c.req.url).searchParams;
      const reply = await flowFor(method, path)({ main: async () => c.get("session"), cart: async () => c.get("cart") }, { query, form });
      if (reply.cookie) c.header("set-cookie", reply.cookie, { append: true });
      if (reply.location) return c.redirect(reply.location, 303);
      return c.text(reply.body, reply.status as 200);
    });
  }
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  return listen(createServer((req, res) => void listener(req, res)));
};
