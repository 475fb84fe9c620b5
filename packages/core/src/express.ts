import type { IncomingMessage, ServerResponse } from "node:http";
import type { Manager } from "./manager.js";
import type { Session, SessionRecord } from "./session.js";

/** A Connect/Express-style `next`. */
export type NextFunction = (err?: unknown) => void;

declare module "node:http" {
  interface IncomingMessage {
    /** The request's session, set by `sessionMiddleware`. */
    session?: Session<SessionRecord>;
  }
}

/**
 * Express/Connect middleware: `req.session` is the request's session, and it is
 * persisted before the response finishes, so a redirect sent right after a
 * change is followed by a request that already sees it.
 */
export function sessionMiddleware<D extends SessionRecord>(manager: Manager<D>) {
  return function session(req: IncomingMessage, res: ServerResponse, next: NextFunction): void {
    manager.start(req, res).then(
      (sess) => {
        const untyped = sess as unknown as Session<SessionRecord>;
        req.session = untyped;
        holdEndUntilReleased(req, res, () => manager.start(req, res) as unknown as Promise<Session<SessionRecord>>, next);
        next();
      },
      (err: unknown) => next(err),
    );
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
  req: IncomingMessage,
  res: ServerResponse,
  current: () => Promise<Session<SessionRecord>>,
  next: NextFunction,
): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- restored as a method of res below
  const original = res.end;
  const end = original.bind(res) as (...a: unknown[]) => ServerResponse;
  let ending = false;
  res.end = ((...args: unknown[]) => {
    if (ending) return end(...args);
    ending = true;
    current()
      .then((sess) => {
        req.session = sess;
        return sess.release();
      })
      .then(
        () => end(...args),
        (err: unknown) => {
          res.end = original;
          next(err);
        },
      );
    return res;
  }) as typeof res.end;
}
