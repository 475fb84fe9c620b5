import http from "node:http";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { MemoryStore, sessionMiddleware } from "hono-sessions";
import { seedData } from "../lib/setup/payload.mjs";
import { LIFETIME, SECRET } from "./route.mjs";

/**
 * hono-sessions with its MemoryStore; the session id in the cookie is sealed with the encryption key
 * (iron-webcrypto), as its README recommends for server-side stores. Served by @hono/node-server.
 */
export async function start() {
  let seeded = 0;
  const app = new Hono();
  app.use(
    sessionMiddleware({
      store: new MemoryStore(),
      encryptionKey: SECRET,
      sessionCookieName: "sid",
      expireAfterSeconds: LIFETIME,
      cookieOptions: { path: "/", httpOnly: true, sameSite: "Lax" },
    }),
  );
  app.get("/seed", (c) => {
    const session = c.get("session");
    for (const [k, v] of Object.entries(seedData(seeded++))) session.set(k, v);
    session.set("n", 0);
    return c.text("0");
  });
  // get() answers null for a missing key.
  app.get("/write", (c) => {
    const session = c.get("session");
    const n = session.get("n");
    if (n === null) return c.body(null, 404);
    session.set("n", n + 1);
    return c.text(String(n + 1));
  });
  app.get("/read", (c) => {
    const n = c.get("session").get("n");
    if (n === null) return c.body(null, 404);
    return c.text(String(n));
  });
  return { server: http.createServer(getRequestListener(app.fetch)), close: async () => {} };
}
