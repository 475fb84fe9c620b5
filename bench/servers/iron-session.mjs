import http from "node:http";
import { getIronSession } from "iron-session";
import { seedData } from "../lib/setup/payload.mjs";
import { LIFETIME, SECRET, routeOf } from "./route.mjs";

/** iron-session on node:http: the whole session sealed into the cookie, no store. */
export async function start() {
  const options = { password: SECRET, cookieName: "sid", ttl: LIFETIME, cookieOptions: { httpOnly: true, sameSite: "lax", secure: false } };
  let seeded = 0;
  const server = http.createServer(async (req, res) => {
    try {
      const route = routeOf(req.url);
      const s = await getIronSession(req, res, options);
      if (route === "seed") {
        Object.assign(s, seedData(seeded++), { n: 0 });
        await s.save();
      } else if (s.n === undefined) {
        res.statusCode = 404;
        return void res.end();
      } else if (route === "write") {
        s.n += 1;
        await s.save();
      }
      res.end(String(s.n));
    } catch {
      res.statusCode = 500;
      res.end();
    }
  });
  return { server, close: async () => {} };
}
