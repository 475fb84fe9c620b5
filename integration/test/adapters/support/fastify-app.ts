import Fastify from "fastify";
import type { Session } from "@sess/core";
import { sessionPlugin } from "@sess/core/fastify";
import { errorBody, flowFor, flows } from "./flows.js";
import type { AppFactory } from "./harness.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The second manager's session (registered with `property: "cart"`). */
    cart: Session;
  }
}

/** The login app on Fastify 5: the plugin registered once per manager, errors through `setErrorHandler`. */
export const fastifyApp: AppFactory = async ({ main, cart }, errors) => {
  const app = Fastify();
  // Fastify parses no forms by itself; @fastify/formbody would do the same.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
  await app.register(sessionPlugin, { manager: main });
  await app.register(sessionPlugin, { manager: cart, property: "cart" });
  app.setErrorHandler(async (err, _request, reply) => {
    errors.push(err);
    return reply.code(500).type("text/plain").send(errorBody(err));
  });
  for (const key of Object.keys(flows)) {
    const [method = "", path = ""] = key.split(" ");
    app.route({
      method,
      url: path,
      handler: async (request, reply) => {
        const query = new URL(request.url, "http://x").searchParams;
        const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
        const answer = await flowFor(method, path)({ main: async () => request.session, cart: async () => request.cart }, { query, form });
        if (answer.cookie) reply.header("set-cookie", answer.cookie);
        if (answer.location) return reply.redirect(answer.location, answer.status);
        return reply.code(answer.status).type("text/plain").send(answer.body);
      },
    });
  }
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, close: () => app.close() };
};
