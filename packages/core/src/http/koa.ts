import type { Context, Middleware } from "koa";
import type { Manager } from "./manager.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";
import { assertManager } from "./mount-check.js";

declare module "koa" {
  interface DefaultContext {
    /** The request's session, set by `sessionMiddleware` (typed by your `SessionData` declaration). */
    session: Session<DefaultSessionData>;
  }
}

/** Options of the Koa `sessionMiddleware`. */
export interface KoaSessionOptions {
  /** The context property that holds the session (default "session"); give a second manager another one. */
  property?: string;
  /**
   * Load the session only when the handler asks, with `await manager.start(ctx.req, ctx.res)`:
   * a route that never asks costs no store read. `ctx[property]` is then not set.
   */
  lazy?: boolean;
}

/**
 * Koa middleware: `ctx.session` is the request's session, saved after `await next()`
 * and before Koa writes the response; `manager.start(ctx.req, ctx.res)` returns the
 * same session (or, after `destroy()`, a fresh one that is saved too). The cookie is
 * added as the response headers are written, whoever writes them: Koa's response, its
 * error handling, an error middleware of yours above sess, `ctx.flushHeaders()` or a
 * handler that ends `ctx.res` itself. A store failure is thrown into Koa's error
 * handling; after the headers went out the connection is destroyed instead, so the
 * client never sees a finished response for a change that was not saved. Secure
 * cookies follow `ctx.secure` (set `app.proxy = true` behind a TLS-terminating proxy).
 */
export function sessionMiddleware<D extends object = DefaultSessionData>(manager: Manager<D>, options: KoaSessionOptions = {}): Middleware {
  assertManager(manager, "sessionMiddleware (@sess/core/koa)");
  const property = options.property ?? "session";
  const lazy = options.lazy === true;
  return async (ctx, next) => {
    const binding = manager.nodeBinding(ctx.req, ctx.res, manager.options.cookie.secure === "auto" && ctx.secure);
    if (!lazy) (ctx as unknown as Record<string, unknown>)[property] = await binding.session();
    try {
      await next();
    } catch (err) {
      await saveOnError(binding, manager.options.onError);
      throw err;
    }
    await save(ctx, binding);
  };
}

// The handler's change is saved whatever its outcome (as express-session does); the
// writeHead hook adds the cookie to whatever response goes out. A save that fails here
// goes to onError: the handler's own error is the one the client must see, and the
// failed binding sends no cookie for a record that may not exist.
async function saveOnError(binding: { settle(): Promise<boolean> }, onError: (error: unknown) => void): Promise<void> {
  try {
    await binding.settle();
  } catch (saveError) {
    onError(saveError);
  }
}

async function save(ctx: Context, binding: { settle(): Promise<boolean> }): Promise<void> {
  try {
    await binding.settle();
  } catch (err) {
    // Headers already out (flushed, or a handler that ended ctx.res): Koa's error handling
    // can no longer answer, so the connection fails rather than finishing as if saved.
    if (ctx.headerSent) ctx.res.destroy();
    // A redirect whose change was not saved must not be followed.
    else ctx.remove("location");
    throw err;
  }
}
