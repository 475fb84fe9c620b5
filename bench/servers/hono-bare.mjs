import { randomBytes } from "node:crypto";
import http from "node:http";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { seedData } from "../lib/setup/payload.mjs";
import { cookieValue } from "./route.mjs";

/** Hono with no session, served by @hono/node-server: the bare handler's Map behind Hono (the framework's own cost). */
export async function start() {
  const sessions = new Map();
  const app = new Hono();
  app.get("/seed", (c) => {
    const id = randomBytes(24).toString("base64url");
    sessions.set(id, { n: 0, ...seedData(sessions.size) });
    c.header("set-cookie", `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
    return c.text("0");
  });
  const handle = (write) => (c) => {
    const data = sessions.get(cookieValue(c.req.header("cookie"), "sid"));
    if (!data) return c.body(null, 404);
    if (write) data.n++;
    return c.text(String(data.n));
  };
  app.get("/write", handle(true));
  app.get("/read", handle(false));
  return { server: http.createServer(getRequestListener(app.fetch)), close: async () => {} };
}
