import type { IncomingMessage, ServerResponse } from "node:http";
import type { BridgeOutcome, BridgeRequest, ExpressSessionBridge } from "./bridge.js";

/** A Connect/Express-style `next`. */
export type NextFunction = (err?: unknown) => void;

/** Whether a Node request came over TLS or, when the manager trusts the proxy, X-Forwarded-Proto says it did. */
function secureRequest(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  const proto = req.headers["x-forwarded-proto"];
  return trustProxy && typeof proto === "string" && proto.split(",")[0]!.trim().toLowerCase() === "https";
}

// Secure is worked out only for a request that carries a legacy cookie.
function requestOf(bridge: ExpressSessionBridge, req: IncomingMessage): BridgeRequest {
  return {
    cookie: req.headers.cookie,
    get secure() {
      return secureRequest(req, bridge.trustProxy);
    },
  };
}

function apply(req: IncomingMessage, res: ServerResponse, outcome: BridgeOutcome): void {
  if (outcome.cookie !== undefined) req.headers.cookie = outcome.cookie;
  for (const value of outcome.setCookie) res.appendHeader("set-cookie", value);
}

/**
 * For node:http: `await bridgeRequest(bridge, req, res, trustProxy)` before
 * `manager.start(req, res)`. A request without the legacy cookie resolves at once; a
 * legacy store failure rejects with `STORE_UNAVAILABLE`.
 */
export async function bridgeRequest(bridge: ExpressSessionBridge, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const pending = bridge.migrate(requestOf(bridge, req));
  if (pending !== undefined) apply(req, res, await pending);
}

/**
 * Express (4 and 5) / Connect middleware, mounted before `sessionMiddleware(manager)`:
 * a request with a legacy cookie reaches the session middleware with its moved session's
 * cookie; a legacy store failure goes to Express's error handling.
 */
export function bridgeMiddleware(bridge: ExpressSessionBridge) {
  return function expressSessionBridge(req: IncomingMessage, res: ServerResponse, next: NextFunction): void {
    let pending;
    try {
      pending = bridge.migrate(requestOf(bridge, req));
    } catch (err) {
      next(err);
      return;
    }
    if (pending === undefined) {
      next();
      return;
    }
    pending.then((outcome) => {
      apply(req, res, outcome);
      next();
    }, next);
  };
}
