import http from "node:http";
import fastifyCookie from "@fastify/cookie";
import fastifySession from "@fastify/session";
import Fastify from "fastify";
import { seedData } from "../lib/setup/payload.mjs";
import { LIFETIME, SECRET } from "./route.mjs";

/**
 * @fastify/session with its default store (the in-memory one), its cookie signed with the secret
 * by @fastify/cookie; `rolling` left at its default (true: the cookie and the store are refreshed on every request).
 */
export async function start() {
  let seeded = 0;
  let server;
  const app = Fastify({ logger: false, serverFactory: (handler) => (server = http.createServer(handler)) });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: SECRET,
    cookieName: "sid",
    saveUninitialized: false, // like the express-session rows: no session stored for a request that set nothing
    cookie: { maxAge: LIFETIME * 1000, httpOnly: true, sameSite: "lax", secure: false },
  });
  app.get("/seed", async (request) => {
    for (const [k, v] of Object.entries(seedData(seeded++))) request.session.set(k, v);
    request.session.set("n", 0);
    return "0";
  });
  app.get("/write", async (request, reply) => {
    const n = request.session.get("n");
    if (n === undefined) return reply.code(404).send();
    request.session.set("n", n + 1);
    return String(n + 1);
  });
  app.get("/read", async (request, reply) => {
    const n = request.session.get("n");
    if (n === undefined) return reply.code(404).send();
    return String(n);
  });
  await app.ready();
  return { server, close: () => app.close() };
}
