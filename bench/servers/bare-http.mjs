import { randomBytes } from "node:crypto";
import http from "node:http";
import { seedData } from "../lib/setup/payload.mjs";
import { cookieValue, routeOf } from "./route.mjs";

/** The ceiling: node:http and the same counter kept in a Map keyed by a cookie, no session library. */
export async function start() {
  const sessions = new Map();
  const server = http.createServer((req, res) => {
    const route = routeOf(req.url);
    if (route === "seed") {
      const id = randomBytes(24).toString("base64url");
      sessions.set(id, { n: 0, ...seedData(sessions.size) });
      res.setHeader("set-cookie", `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
      res.end("0");
      return;
    }
    const data = sessions.get(cookieValue(req.headers.cookie, "sid"));
    if (!data) {
      res.statusCode = 404;
      res.end();
      return;
    }
    if (route === "write") data.n++;
    res.end(String(data.n));
  });
  return { server, close: async () => {} };
}
