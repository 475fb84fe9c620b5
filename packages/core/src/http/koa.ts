import type { Middleware } from "koa";
import type { Manager } from "./manager.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";

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
 * handling. As in every sess adapter (and express-session), what the handler changed
 * is saved whatever the response, an error response included. Secure cookies follow
 * `ctx.secure` (set `app.proxy = true` behind a TLS-terminating proxy).
 */
export function sessionMiddleware<D extends object = DefaultSessionData>(manager: Manager<D>, options: KoaSessionOptions = {}): Middleware {
  const property = options.property ?? "session";
  return async (ctx, next) => {
    const binding = manager.bind({
      cookie: ctx.get("cookie") || undefined,
      secure: manager.options.cookie.secure === "auto" && ctx.secure,
      header: manager.options.idHeader === undefined ? undefined : (name) => ctx.get(name) || undefined,
      headersSent: () => ctx.headerSent,
    });
    (ctx as unknown as Record<string, unknown>)[property] = await binding.session();
    try {
      await next();
    } catch (err) {
      await saveOnError(binding, err, manager.options.onError);
      throw err;
    }
    const headers = await binding.commit();
    if (ctx.headerSent) return;
    for (const [name, value] of headers) ctx.append(name, value);
  };
}

// Koa's error handling clears every header set so far and then applies `err.headers`,
// so the session's cookie travels there. A save that fails here goes to onError: the
// handler's own error is the one the client must see.
async function saveOnError(binding: { commit(): Promise<[string, string][]> }, err: unknown, onError: (error: unknown) => void): Promise<void> {
  try {
    const headers = await binding.commit();
    if (headers.length === 0 || typeof err !== "object" || err === null) return;
    const carrier = err as { headers?: Record<string, string | string[]> };
    const merged: Record<string, string | string[]> = { ...carrier.headers };
    for (const [name, value] of headers) {
      const previous = merged[name];
      merged[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    carrier.headers = merged;
  } catch (saveError) {
    onError(saveError);
  }
}
