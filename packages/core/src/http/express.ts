import type { IncomingMessage, ServerResponse } from "node:http";
import type { Manager } from "./manager.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";
import { assertManager } from "./mount-check.js";

/** A Connect/Express-style `next`. */
export type NextFunction = (err?: unknown) => void;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own extension point
  namespace Express {
    interface Request {
      /** The request's session, set by `sessionMiddleware` (typed by your `SessionData` declaration). */
      session: Session<DefaultSessionData>;
    }
  }
}

/** Options of `sessionMiddleware`. */
export interface ExpressSessionOptions {
  /** The request property that holds the session (default "session"); give a second manager another one. */
  property?: string;
  /**
   * Load the session only when the handler asks, with `await manager.start(req, res)`: a
   * route that never asks costs no store read. `req[property]` is then not set.
   */
  lazy?: boolean;
}

type Slots = Record<string, unknown> & { next?: NextFunction };

/**
 * Express (4 and 5) / Connect middleware: `req.session` is the request's session,
 * persisted before the response finishes, so a redirect sent right after a change
 * is followed by a request that already sees it. A store failure, or a throw from
 * `res.end` itself, goes to Express's error handling for that request (the error
 * handlers of the router the handler ran in, then the app's), never to an
 * unhandled rejection.
 *
 * To learn whether the write landed (false: the session was destroyed meanwhile,
 * by a logout in another tab), `await req.session.release()` in the handler before
 * responding; the middleware's own release then has nothing left to write.
 */
export function sessionMiddleware<D extends object = DefaultSessionData>(manager: Manager<D>, options: ExpressSessionOptions = {}) {
  assertManager(manager, "sessionMiddleware (@sess/core/express)");
  const property = options.property ?? "session";
  const lazy = options.lazy === true;
  return function session(req: IncomingMessage, res: ServerResponse, next: NextFunction): void {
    let binding;
    try {
      binding = manager.nodeBinding(req, res);
    } catch (err) {
      next(err);
      return;
    }
    const slots = req as unknown as Slots;
    if (lazy) {
      holdEndUntilReleased(slots, res, binding, property, next);
      next();
      return;
    }
    binding.session().then((sess) => {
      slots[property] = sess;
      holdEndUntilReleased(slots, res, binding, property, next);
      next();
    }, next);
  };
}

// The response is ended only after release() settles. If the store fails, the
// error goes to Express's error handler instead of a response that claims
// success for a change that was not saved. When the headers are already out
// (a streamed response), the error handler still gets it: Express's default
// handler then destroys the connection, so the client sees a failed response
// rather than a complete one whose write was silently lost.
//
// What is released is the request's session at the end, not the one the middleware
// started with: after `manager.destroy(req, res)` a handler may start a fresh one
// (a logout that flashes a message), and that one must be stored too.
function holdEndUntilReleased(
  req: Slots,
  res: ServerResponse,
  binding: { settle(): Promise<boolean>; current: unknown },
  property: string,
  next: NextFunction,
): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with res as this below
  const original = res.end;
  let held = false;
  // Errors go to the `next` of the router that ran the handler (Express keeps it as
  // req.next), so error handlers mounted on a sub-router see them, as they would a
  // `next(err)` from the handler itself.
  const fail = (err: unknown) => {
    res.end = original;
    // A redirect whose change was not saved must not be followed.
    if (!res.headersSent) res.removeHeader("location");
    (req.next ?? next)(err);
  };
  res.end = function end(this: ServerResponse, ...args: unknown[]) {
    // A second end while the first waits for the store must not slip past it.
    if (held) return res;
    held = true;
    binding.settle().then(
      () => {
        if (binding.current !== undefined) req[property] = binding.current;
        res.end = original;
        try {
          (original as (...a: unknown[]) => ServerResponse).apply(res, args);
        } catch (err) {
          fail(err);
        }
      },
      fail,
    );
    return res;
  } as typeof res.end;
}
