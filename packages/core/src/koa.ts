import type { Middleware } from "koa";
import type { Manager } from "./manager.js";
import type { DefaultSessionData } from "./session-data.js";
import type { Session } from "./session.js";

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
}

/**
 * Koa middleware: `ctx.session` is the request's session, saved after `await next()`
 * and before Koa writes the response; a store failure is thrown into Koa's error
 * handling. A handler that throws saves nothing. Secure cookies follow `ctx.secure`
 * (set `app.proxy = true` behind a TLS-terminating proxy).
 */
export function sessionMiddleware<D extends object = DefaultSessionData>(manager: Manager<D>, options: KoaSessionOptions = {}): Middleware {
  const property = options.property ?? "session";
  return async (ctx, next) => {
    const binding = manager.bind({
      cookie: ctx.get("cookie") || undefined,
      secure: manager.options.cookie.secure === "auto" && ctx.secure,
      header: manager.options.idHeader === undefined ? undefined : (name) => ctx.get(name) || undefined,
    });
    (ctx as unknown as Record<string, unknown>)[property] = await binding.session();
    await next();
    const headers = await binding.commit();
    if (ctx.headerSent) return;
    for (const [name, value] of headers) ctx.append(name, value);
  };
}
