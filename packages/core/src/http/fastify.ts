import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";
import type { SessionBinding } from "./binding.js";
import type { Manager } from "./manager.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";
import { assertManager } from "./mount-check.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The request's session, set by the sess plugin (typed by your `SessionData` declaration). */
    session: Session<DefaultSessionData>;
  }
}

/** Options of the Fastify plugin. */
export interface FastifySessionOptions<D extends object = DefaultSessionData> {
  /** The manager whose sessions the plugin serves. */
  manager: Manager<D>;
  /** The request property that holds the session (default "session"); give a second manager another one. */
  property?: string;
}

const BINDINGS = Symbol("sess.fastify.bindings");
// Options for a manager of any data type: Manager<D> is invariant in D, so a Manager<SessionData>
// (the application's declaration) is no Manager<object>, and the plugin never reads the data.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type AnyManagerOptions = FastifySessionOptions<any>;
type Slots = FastifyRequest & Record<string | symbol, unknown>;

/**
 * Fastify plugin: `request.session` is the request's session, loaded in `onRequest`
 * and saved in `onSend`, before the payload is written; a store failure goes to
 * Fastify's error handler. Registered without encapsulation, so it applies to the
 * routes of the instance it is registered on. Secure cookies follow
 * `request.protocol` (Fastify's `trustProxy` decides it behind a proxy).
 */
export const sessionPlugin: FastifyPluginAsync<AnyManagerOptions> = Object.assign(
  async function sess(fastify: FastifyInstance, options: AnyManagerOptions) {
    const { manager } = options;
    assertManager(manager, "sessionPlugin (@sess/core/fastify)");
    const property = options.property ?? "session";
    if (!fastify.hasRequestDecorator(property)) fastify.decorateRequest(property, null);
    fastify.addHook("onRequest", async (request, reply) => {
      const slots = request as Slots;
      const binding = manager.bind({
        cookie: request.headers.cookie,
        secure: manager.options.cookie.secure === "auto" && request.protocol === "https",
        header:
          manager.options.idHeader === undefined
            ? undefined
            : (name) => {
                const value = request.headers[name];
                return typeof value === "string" ? value : undefined;
              },
        headersSent: () => reply.raw.headersSent,
      });
      const bindings = (slots[BINDINGS] as SessionBinding<Session<object>>[] | undefined) ?? [];
      bindings.push(binding as SessionBinding<Session<object>>);
      slots[BINDINGS] = bindings;
      slots[property] = await binding.session();
    });
    fastify.addHook("onSend", async (request, reply, payload) => {
      const bindings = (request as Slots)[BINDINGS] as SessionBinding<Session<object>>[] | undefined;
      if (bindings === undefined) return payload;
      for (const binding of bindings.splice(0)) {
        for (const [name, value] of await binding.commit()) reply.header(name, value);
      }
      return payload;
    });
  },
  // What fastify-plugin sets: share the hooks with the parent instance instead of encapsulating them.
  { [Symbol.for("skip-override")]: true, [Symbol.for("fastify.display-name")]: "@sess/core/fastify" },
);
