import http from "node:http";
import Koa from "koa";
import session from "koa-session";
import { seedData } from "../lib/setup/payload.mjs";
import { LIFETIME, SECRET, routeOf } from "./route.mjs";

/**
 * A Map-backed external store in koa-session's interface (get/set/destroy): the cookie holds only the
 * key, the data stays on the server like every other row. koa-session hands `set` a fresh plain object
 * and rebuilds its Session from what `get` returns, so the Map keeps the objects as given.
 */
function mapStore() {
  const map = new Map();
  return {
    get: async (key) => map.get(key),
    set: async (key, sess) => void map.set(key, sess),
    destroy: async (key) => void map.delete(key),
  };
}

/** koa-session with an external store, its cookie signed with app.keys (its default `signed: true`). */
export async function start() {
  let seeded = 0;
  const app = new Koa();
  app.keys = [SECRET];
  app.use(session({ key: "sid", maxAge: LIFETIME * 1000, httpOnly: true, sameSite: "lax", store: mapStore() }, app));
  app.use((ctx) => {
    const route = routeOf(ctx.url);
    if (route === "seed") {
      Object.assign(ctx.session, seedData(seeded++), { n: 0 });
      ctx.body = "0";
      return;
    }
    if (ctx.session.n === undefined) return void (ctx.status = 404);
    if (route === "write") ctx.session.n += 1;
    ctx.body = String(ctx.session.n);
  });
  return { server: http.createServer(app.callback()), close: async () => {} };
}
