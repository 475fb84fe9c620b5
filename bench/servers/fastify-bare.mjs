import { randomBytes } from "node:crypto";
import http from "node:http";
import Fastify from "fastify";
import { seedData } from "../lib/setup/payload.mjs";
import { cookieValue } from "./route.mjs";

/** Fastify with no session: the bare handler's Map behind Fastify routing (the framework's own cost). */
export async function start() {
  const sessions = new Map();
  let server;
  // serverFactory hands the bench a plain node:http server it can listen on and count requests of.
  const app = Fastify({ logger: false, serverFactory: (handler) => (server = http.createServer(handler)) });
  app.get("/seed", async (request, reply) => {
    const id = randomBytes(24).toString("base64url");
    sessions.set(id, { n: 0, ...seedData(sessions.size) });
    reply.header("set-cookie", `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
    return "0";
  });
  const handle = (write) => async (request, reply) => {
    const data = sessions.get(cookieValue(request.headers.cookie, "sid"));
    if (!data) return reply.code(404).send();
    if (write) data.n++;
    return String(data.n);
  };
  app.get("/write", handle(true));
  app.get("/read", handle(false));
  await app.ready();
  return { server, close: () => app.close() };
}
