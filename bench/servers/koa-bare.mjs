import { randomBytes } from "node:crypto";
import http from "node:http";
import Koa from "koa";
import { seedData } from "../lib/setup/payload.mjs";
import { cookieValue, routeOf } from "./route.mjs";

/** Koa with no session: the bare handler's Map behind one Koa middleware (the framework's own cost; Koa has no router). */
export async function start() {
  const sessions = new Map();
  const app = new Koa();
  app.use((ctx) => {
    const route = routeOf(ctx.url);
    if (route === "seed") {
      const id = randomBytes(24).toString("base64url");
      sessions.set(id, { n: 0, ...seedData(sessions.size) });
      ctx.set("set-cookie", `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
      ctx.body = "0";
      return;
    }
    const data = sessions.get(cookieValue(ctx.get("cookie"), "sid"));
    if (!data) return void (ctx.status = 404);
    if (route === "write") data.n++;
    ctx.body = String(data.n);
  });
  return { server: http.createServer(app.callback()), close: async () => {} };
}
