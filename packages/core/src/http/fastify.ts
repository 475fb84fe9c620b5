import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";
import type { Manager } from "./manager.js";
import { assertManager } from "./mount-check.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";

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
  /**
   * Load the session only when the handler asks, with `await manager.start(request.raw, reply.raw)`:
   * a route that never asks costs no store read. `request[property]` is then not set.
   */
  lazy?: boolean;
}

interface Settling {
  settle(): Promise<boolean>;
}

const BINDINGS = Symbol("sess.fastify.bindings");
// Options for a manager of any data type: Manager<D> is invariant in D, so a Manager<SessionData>
// (the application's declaration) is no Manager<object>, and the plugin never reads the data.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type AnyManagerOptions = FastifySessionOptions<any>;
type Slots = FastifyRequest & Record<string | symbol, unknown>;

/**
 * Fastify plugin: `request.session` is the request's session, loaded in `onRequest`
 * and saved in `onSend`, before the payload is written; `manager.start(request.raw,
 * reply.raw)` returns the same session (or, after `destroy()`, a fresh one that is saved
 * too). The cookie is added as the headers are written. A store failure goes to Fastify's
 * error handler; the other managers' sessions are still saved, and their cookies go out
 * with the error response. Registered without encapsulation, so it applies to the routes
 * of the instance it is registered on. Secure cookies follow `request.protocol`
 * (Fastify's `trustProxy` decides it behind a proxy). After `reply.hijack()` Fastify runs
 * no `onSend`: the session is then saved when the response closes (its cookie went out with
 * the headers); `await request.session.release()` before writing saves it first.
 */
export const sessionPlugin: FastifyPluginAsync<AnyManagerOptions> = Object.assign(
  async function sess(fastify: FastifyInstance, options: AnyManagerOptions) {
    const manager = options.manager as Manager<object>;
    assertManager(manager, "sessionPlugin (@sess/core/fastify)");
    const property = options.property ?? "session";
    const lazy = options.lazy === true;
    if (!lazy && !fastify.hasRequestDecorator(property)) fastify.decorateRequest(property, null);
    // Callback-style hooks: Fastify runs them without a promise per hook and request.
    fastify.addHook("onRequest", (request, reply, done) => {
      const slots = request as Slots;
      const binding = manager.nodeBinding(request.raw, reply.raw, manager.options.cookie.secure === "auto" && request.protocol === "https");
      binding.settleAfterBypass = true;
      const bindings = slots[BINDINGS] as Settling[] | undefined;
      if (bindings === undefined) slots[BINDINGS] = [binding];
      else bindings.push(binding);
      if (lazy) {
        done();
        return;
      }
      binding.session().then((session) => {
        slots[property] = session;
        done();
      }, done);
    });
    fastify.addHook("onSend", (request, reply, payload, done) => {
      const bindings = (request as Slots)[BINDINGS] as Settling[] | undefined;
      if (bindings === undefined || bindings.length === 0) {
        done(null, payload);
        return;
      }
      const list = bindings.splice(0);
      (list.length === 1 ? list[0]!.settle() : settleEvery(list)).then(
        () => done(null, payload),
        (err: unknown) => {
          // A redirect whose change was not saved must not be followed.
          if (!reply.sent) reply.removeHeader("location");
          done(err as Error);
        },
      );
    });
  },
  // What fastify-plugin sets: share the hooks with the parent instance instead of encapsulating them.
  { [Symbol.for("skip-override")]: true, [Symbol.for("fastify.display-name")]: "@sess/core/fastify" },
);

// Every session is saved even when one fails (a login cookie on a store that is down must
// not cost the cart its change); the first failure then goes to the error handler.
async function settleEvery(bindings: Settling[]): Promise<void> {
  const results = await Promise.allSettled(bindings.map((binding) => binding.settle()));
  for (const result of results) if (result.status === "rejected") throw result.reason;
}
