import { createServer } from "node:http";
import Koa from "koa";
import type { Session } from "@sess/core";
import { sessionMiddleware } from "@sess/core/koa";
import { readForm } from "../../support/routes.js";
import { flowFor } from "./flows.js";
import { type AppFactory, listen } from "./harness.js";

declare module "koa" {
  interface DefaultContext {
    /** The second manager's session (`sessionMiddleware(cart, { property: "cart" })`). */
    cart: Session;
  }
}

/** The login app on Koa 3; failures go to Koa's own error handling (a 500 and the app's "error" event). */
export const koaApp: AppFactory = async ({ main, cart }, errors) => {
  const app = new Koa();
  app.silent = true;
  app.on("error", (err: unknown) => errors.push(err));
  app.use(sessionMiddleware(main));
  app.use(sessionMiddleware(cart, { property: "cart" }));
  app.use(async (ctx) => {
    const form = ctx.method === "POST" ? await readForm(ctx.req) : new URLSearchParams();
    const reply = await flowFor(ctx.method, ctx.path)({ main: async () => ctx.session, cart: async () => ctx.cart }, { query: new URLSearchParams(ctx.querystring), form });
    ctx.status = reply.status;
    if (reply.cookie) ctx.append("set-cookie", reply.cookie);
    if (reply.location) ctx.redirect(reply.location);
    else ctx.body = reply.body;
  });
  const callback = app.callback();
  // Koa's callback handles its own errors (ctx.onerror); its promise is not the place to look for them.
  return listen(createServer((req, res) => void callback(req, res)));
};
