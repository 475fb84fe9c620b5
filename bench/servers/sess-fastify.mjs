import http from "node:http";
import { sessionPlugin } from "@sess/core/fastify";
import Fastify from "fastify";
import { seedData } from "../lib/setup/payload.mjs";
import { openManager } from "./sess-manager.mjs";

/** sess on Fastify through its plugin: `request.session`, saved in onSend before the reply goes out. */
export async function start({ provider, providerConfig }) {
  const manager = await openManager(provider, providerConfig);
  let seeded = 0;
  let server;
  const app = Fastify({ logger: false, serverFactory: (handler) => (server = http.createServer(handler)) });
  await app.register(sessionPlugin, { manager });
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
  return { server, close: async () => (await app.close(), await manager.close()) };
}
