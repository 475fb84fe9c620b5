import type { Middleware } from "koa";

/**
 * The usual Koa error middleware, mounted above sess: it answers any error itself with
 * `status` and `body` (so Koa's own ctx.onerror never runs) and keeps the error in `seen`.
 */
export function answerErrors(status: number, body: string, seen: unknown[] = []): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      seen.push(err);
      ctx.status = status;
      ctx.body = body;
    }
  };
}
