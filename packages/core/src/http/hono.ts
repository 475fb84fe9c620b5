import type { MiddlewareHandler } from "hono";
import { bindingFor, forgetBinding, refuseNetworkError } from "./fetch.js";
import type { Manager } from "./manager.js";
import { assertManager } from "./mount-check.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";

declare module "hono" {
  interface ContextVariableMap {
    /** The request's session, set by `sessionMiddleware` (typed by your `SessionData` declaration). */
    session: Session<DefaultSessionData>;
  }
}

/** Options of the Hono `sessionMiddleware`. */
export interface HonoSessionOptions<K extends string> {
  /** The context variable that holds the session (default "session"); give a second manager another one. */
  key?: K;
  /**
   * Load the session only when the handler asks, with `await getSession(manager, c.req.raw)`
   * (from `@sess/core/fetch`): a route that never asks costs no store read. The context
   * variable is then not set.
   */
  lazy?: boolean;
}

/**
 * Hono middleware: `c.get("session")` is the request's session, and
 * `getSession(manager, c.req.raw)` (from `@sess/core/fetch`) the same one (after
 * `destroy()`, a fresh one that is saved too). After the handler, the session is saved
 * and its cookie added before the response leaves; a store failure is thrown into Hono's
 * error handling (`app.onError`). As in every sess adapter, what the handler changed is
 * saved whatever the response, an error response (from `app.onError`) included; a
 * network error (`Response.error()`) cannot carry a cookie, so a change then goes to
 * `app.onError` as `HEADERS_SENT`, unsaved.
 */
export function sessionMiddleware<D extends object = DefaultSessionData, K extends string = "session">(
  manager: Manager<D>,
  options: HonoSessionOptions<K> = {},
): MiddlewareHandler<{ Variables: { [P in K]: Session<D> } }> {
  assertManager(manager, "sessionMiddleware (@sess/core/hono)");
  const key = (options.key ?? "session") as K;
  const lazy = options.lazy === true;
  return async (c, next) => {
    const request = c.req.raw;
    const binding = bindingFor(manager, request);
    // The same manager's middleware mounted again on the route (app-level and router-level)
    // only passes through, so the session is saved once.
    if (binding.mounted) {
      if (!lazy) c.set(key, (await binding.session()) as never);
      return next();
    }
    binding.mounted = true;
    if (!lazy) c.set(key, (await binding.session()) as never);
    await next();
    forgetBinding(manager, request);
    // Only a network error has status 0 (asking for .type would make @hono/node-server's
    // lightweight Response build a real one on every request).
    if (c.res.status === 0) {
      refuseNetworkError(binding as never);
      return;
    }
    let headers;
    try {
      headers = await binding.commit();
    } catch (err) {
      // app.onError answers from the handler's response headers: a redirect whose change was
      // not saved must not be followed.
      c.header("Location", undefined);
      throw err;
    }
    if (headers.length === 0) return;
    // Appending to the response's own headers keeps it the response the handler made:
    // c.header() after the handler rebuilds the Response, which throws @hono/node-server
    // off its fast path. Immutable headers (Response.redirect()) take c.header's copy.
    try {
      for (const [name, value] of headers) c.res.headers.append(name, value);
    } catch {
      for (const [name, value] of headers) c.header(name, value, { append: true });
    }
  };
}
