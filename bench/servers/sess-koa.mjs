import http from "node:http";
import { sessionMiddleware } from "@sess/core/koa";
import Koa from "koa";
import { seedData } from "../lib/setup/payload.mjs";
import { routeOf } from "./route.mjs";
import { openManager } from "./sess-manager.mjs";

/** sess on Koa through its middleware: `ctx.session`, saved after `await next()` before Koa responds. */
export async function start({ provider, providerConfig }) {
  const manager = await openManager(provider, providerConfig);
  let seeded = 0;
  const app = new Koa();
  app.use(sessionMiddleware(manager));
  app.use((ctx) => {
    const route = routeOf(ctx.url);
    const session = ctx.session;
    if (route === "seed") {
      for (const [k, v] of Object.entries(seedData(seeded++))) session.set(k, v);
      session.set("n", 0);
      ctx.body = "0";
      return;
    }
    const n = session.get("n");
    if (n === undefined) return void (ctx.status = 404);
    if (route === "write") session.set("n", n + 1);
    ctx.body = String(session.get("n"));
  });
  return { server: http.createServer(app.callback()), close: () => manager.close() };
}
