import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { ExpressSessionBridge } from "./bridge.js";

/** Options of the Fastify plugin. */
export interface FastifyBridgeOptions {
  /** The bridge (from `expressSessionBridge`) whose manager the sess plugin serves. */
  bridge: ExpressSessionBridge;
}

/**
 * Fastify plugin, registered before `@sess/core/fastify`'s `sessionPlugin`: its
 * `onRequest` hook moves a legacy session before the sess hook reads the cookie, and a
 * legacy store failure goes to Fastify's error handler. Secure follows `request.protocol`.
 */
export const bridgePlugin: FastifyPluginAsync<FastifyBridgeOptions> = Object.assign(
  async function expressSessionBridge(fastify: FastifyInstance, { bridge }: FastifyBridgeOptions) {
    fastify.addHook("onRequest", async (request, reply) => {
      const pending = bridge.migrate({ cookie: request.headers.cookie, secure: request.protocol === "https" });
      if (pending === undefined) return;
      const outcome = await pending;
      // request.headers is the Node request's own header object, which the sess hook reads next.
      if (outcome.cookie !== undefined) request.headers.cookie = outcome.cookie;
      for (const value of outcome.setCookie) void reply.header("set-cookie", value);
    });
  },
  // What fastify-plugin sets: the hook applies to the instance the plugin is registered on.
  { [Symbol.for("skip-override")]: true, [Symbol.for("fastify.display-name")]: "@sess/express-session-bridge/fastify" },
);
