import http from "node:http";
import { sessionMiddleware } from "@sess/core/hono";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { seedData } from "../lib/setup/payload.mjs";
import { openManager } from "./sess-manager.mjs";

/** sess on Hono through its middleware (`c.get("session")`), served by @hono/node-server. */
export async function start({ provider, providerConfig }) {
  const manager = await openManager(provider, providerConfig);
  let seeded = 0;
  const app = new Hono();
  app.use(sessionMiddleware(manager));
  app.get("/seed", (c) => {
    const session = c.get("session");
    for (const [k, v] of Object.entries(seedData(seeded++))) session.set(k, v);
    session.set("n", 0);
    return c.text("0");
  });
  app.get("/write", (c) => {
    const session = c.get("session");
    const n = session.get("n");
    if (n === undefined) return c.body(null, 404);
    session.set("n", n + 1);
    return c.text(String(n + 1));
  });
  app.get("/read", (c) => {
    const n = c.get("session").get("n");
    if (n === undefined) return c.body(null, 404);
    return c.text(String(n));
  });
  return { server: http.createServer(getRequestListener(app.fetch)), close: () => manager.close() };
}
