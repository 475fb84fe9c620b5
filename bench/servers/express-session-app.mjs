import http from "node:http";
import express from "express";
import session from "express-session";
import { seedData } from "../lib/setup/payload.mjs";
import { LIFETIME, SECRET } from "./route.mjs";

/** An Express app on express-session with `store`, as its README recommends: resave false, saveUninitialized false. */
export function expressSessionServer(store) {
  let seeded = 0;
  const app = express();
  app.set("etag", false);
  app.set("x-powered-by", false);
  app.use(
    session({ name: "sid", secret: SECRET, store, resave: false, saveUninitialized: false, cookie: { maxAge: LIFETIME * 1000, httpOnly: true, sameSite: "lax" } }),
  );
  app.get("/seed", (req, res) => {
    Object.assign(req.session, seedData(seeded++), { n: 0 });
    res.end("0");
  });
  app.get("/write", (req, res) => {
    if (req.session.n === undefined) return void res.status(404).end();
    req.session.n += 1;
    res.end(String(req.session.n));
  });
  app.get("/read", (req, res) => {
    if (req.session.n === undefined) return void res.status(404).end();
    res.end(String(req.session.n));
  });
  return http.createServer(app);
}

export { session };
