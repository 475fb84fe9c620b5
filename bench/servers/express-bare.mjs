import { randomBytes } from "node:crypto";
import http from "node:http";
import express from "express";
import { seedData } from "../lib/setup/payload.mjs";
import { cookieValue } from "./route.mjs";

/** Express with no session: the bare handler's Map behind Express routing (the framework's own cost). */
export async function start() {
  const sessions = new Map();
  const app = express();
  app.set("etag", false);
  app.set("x-powered-by", false);
  app.get("/seed", (req, res) => {
    const id = randomBytes(24).toString("base64url");
    sessions.set(id, { n: 0, ...seedData(sessions.size) });
    res.setHeader("set-cookie", `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
    res.end("0");
  });
  const handle = (write) => (req, res) => {
    const data = sessions.get(cookieValue(req.headers.cookie, "sid"));
    if (!data) return void res.status(404).end();
    if (write) data.n++;
    res.end(String(data.n));
  };
  app.get("/write", handle(true));
  app.get("/read", handle(false));
  return { server: http.createServer(app), close: async () => {} };
}
