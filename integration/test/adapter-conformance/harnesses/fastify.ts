import { createReadStream } from "node:fs";
import { createServer } from "node:http";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Session } from "@sess/core";
import { sessionPlugin } from "@sess/core/fastify";
import { type AdapterApp, type AdapterHarness, type AppRoute, nodeBody, type Reply, streamContentType, webBody } from "@sess/conformance/adapters";
import { STREAMS } from "./capabilities.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The second manager's session (registered with `property: "second"`). */
    second: Session;
  }
}

/** Answers a reply the Fastify way. */
function send(request: FastifyRequest, reply: FastifyReply, answer: Reply): FastifyReply {
  switch (answer.kind) {
    case "text":
      return reply.code(answer.status).type("text/plain").send(answer.body);
    case "redirect":
      return reply.redirect(answer.location, answer.status);
    case "throw":
      throw answer.error;
    case "stream":
      return reply.type(streamContentType(answer)).send(answer.style === "web-stream" ? webBody(answer) : nodeBody(answer));
    case "file":
      return reply.type("text/plain").send(createReadStream(answer.path));
    case "flush-headers":
      reply.raw.flushHeaders();
      return reply.send(answer.body);
    case "take-over":
      reply.hijack();
      reply.raw.writeHead(200, { "content-type": "text/plain" }).end(request.method === "HEAD" ? undefined : answer.body);
      return reply;
    case "not-modified":
      return reply.code(304).header("etag", answer.etag).send();
    default:
      throw new Error(`Fastify cannot answer a "${answer.kind}" reply`);
  }
}

function define(instance: FastifyInstance, app: AdapterApp, route: AppRoute, lazy: boolean): void {
  instance.route({
    method: route.method,
    url: route.path,
    handler: async (request, reply) => {
      const answer = await route.handle({
        query: new URL(request.url, "http://x").searchParams,
        session: async (which) => {
          if (lazy) return (which === "second" ? app.second : app.main).start(request.raw, reply.raw);
          return which === "second" ? request.second : request.session;
        },
        start: () => app.main.start(request.raw, reply.raw),
      });
      return send(request, reply, answer);
    },
  });
}

/** Fastify 5 with the sess plugin per manager, errors answered by `setErrorHandler`; lazy: the session loads on `manager.start`. */
function fastifyHarness(lazy: boolean): AdapterHarness {
  return {
    name: lazy ? "fastify 5 (lazy)" : "fastify 5",
    capabilities: {
      ...STREAMS,
      "flush-headers": true,
      "take-over": true,
      "network-error": "Fastify has no Response.error()",
    },
    untouchedReads: lazy ? 0 : 1,
    async start(app) {
      const server = Fastify({ serverFactory: (handler) => createServer(app.serverOptions, handler) });
      await server.register(sessionPlugin, { manager: app.main, lazy });
      await server.register(sessionPlugin, { manager: app.second, property: "second", lazy });
      server.setErrorHandler(async (error, _request, reply) => {
        app.errorHandled(error);
        return reply.code(500).type("text/plain").send("internal error");
      });
      for (const route of app.routes.filter((r) => !r.mountTwice)) define(server, app, route, lazy);
      // Mounted twice: the plugin again in a child context that holds the route.
      await server.register(async (child) => {
        await child.register(sessionPlugin, { manager: app.main, lazy });
        for (const route of app.routes.filter((r) => r.mountTwice)) define(child, app, route, lazy);
      });
      const url = await server.listen({ port: 0, host: "127.0.0.1" });
      return { url, close: () => server.close() };
    },
  };
}

/** Fastify 5, the session loaded before the handler. */
export const fastifyEagerHarness = fastifyHarness(false);
/** Fastify 5 with `lazy: true`. */
export const fastifyLazyHarness = fastifyHarness(true);
