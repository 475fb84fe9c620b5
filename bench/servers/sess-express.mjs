import http from "node:http";
import { sessionMiddleware } from "@sess/core/express";
import express from "express";
import { seedData } from "../lib/setup/payload.mjs";
import { openManager } from "./sess-manager.mjs";

/** sess on Express through its middleware: `req.session`, released before the response ends. */
export async function start({ provider, providerConfig }) {
  const manager = await openManager(provider, providerConfig);
  let seeded = 0;
  const app = express();
  app.set("etag", false);
  app.set("x-powered-by", false);
  app.use(sessionMiddleware(manager));
  app.get("/seed", (req, res) => {
    for (const [k, v] of Object.entries(seedData(seeded++))) req.session.set(k, v);
    req.session.set("n", 0);
    res.end("0");
  });
  app.get("/write", (req, res) => {
    const n = req.session.get("n");
    if (n === undefined) return void res.status(404).end();
    req.session.set("n", n + 1);
    res.end(String(n + 1));
  });
  app.get("/read", (req, res) => {
    const n = req.session.get("n");
    if (n === undefined) return void res.status(404).end();
    res.end(String(n));
  });
  return { server: http.createServer(app), close: () => manager.close() };
}
