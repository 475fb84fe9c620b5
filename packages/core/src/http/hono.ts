import type { MiddlewareHandler } from "hono";
import { requestInfo } from "./request-info.js";
import type { Manager } from "./manager.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";
import { assertManager } from "./mount-check.js";

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
}

/**
 * Hono middleware: `c.get("session")` is the request's session. After the handler,
 * the session is saved and its cookie added before the response leaves; a store
 * failure is thrown into Hono's error handling (`app.onError`). As in every sess
 * adapter, what the handler changed is saved whatever the response, an error
 * response (from `app.onError`) included.
 */
export function sessionMiddleware<D extends object = DefaultSessionData, K extends string = "session">(
  manager: Manager<D>,
  options: HonoSessionOptions<K> = {},
): MiddlewareHandler<{ Variables: { [P in K]: Session<D> } }> {
  assertManager(manager, "sessionMiddleware (@sess/core/hono)");
  const key = (options.key ?? "session") as K;
  return async (c, next) => {
    const binding = manager.bind(requestInfo(c.req.raw, manager.options.trustProxy));
    c.set(key, (await binding.session()) as never);
    await next();
    const headers = await binding.commit();
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
