import type { ResponseHeader, SessionBinding } from "./binding.js";
import { SessError, SessErrorCode } from "../errors.js";
import { requestInfo } from "./request-info.js";

export { requestInfo } from "./request-info.js";
import type { Manager } from "./manager.js";
import { assertManager } from "./mount-check.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";

type AnyBinding = SessionBinding<Session<object>>;

/** One manager's binding for a request, and the binding registered before it. */
interface Entry {
  manager: object;
  binding: AnyBinding;
  next: Entry | undefined;
}

// The sessions of each request, by manager (gorilla's Registry): several managers
// (a login cookie and a cart cookie, on different providers) share one request and
// are saved together by `commitSessions`. The Hono middleware registers its binding
// here too, so `getSession(manager, c.req.raw)` is the middleware's session. A short
// list, newest first, in a symbol slot of the Request: a request has one or two managers,
// and a WeakMap entry or a Map per request costs more.
const REGISTRY = Symbol("sess.sessions");
type Slotted = Request & { [REGISTRY]?: Entry | undefined };

/** @internal The binding of `manager` for `request`, made and registered on first use. */
export function bindingFor<D extends object>(manager: Manager<D>, request: Request): SessionBinding<Session<D>> {
  const slotted = request as Slotted;
  const head = slotted[REGISTRY];
  for (let entry = head; entry !== undefined; entry = entry.next) {
    if (entry.manager === manager) return entry.binding as unknown as SessionBinding<Session<D>>;
  }
  const binding = manager.bind(requestInfo(request, manager.options.trustProxy));
  slotted[REGISTRY] = { manager, binding: binding as unknown as AnyBinding, next: head };
  return binding;
}

/** @internal Forgets `manager`'s binding for `request` (its middleware saves it itself). */
export function forgetBinding(manager: object, request: Request): void {
  const slotted = request as Slotted;
  const head = slotted[REGISTRY];
  if (head === undefined) return;
  if (head.manager === manager) {
    slotted[REGISTRY] = head.next;
    return;
  }
  for (let entry = head; entry.next !== undefined; entry = entry.next) {
    if (entry.next.manager === manager) {
      entry.next = entry.next.next;
      return;
    }
  }
}

/**
 * The session `manager` keeps for this request: loaded from its cookie on the first
 * call, the same object on every later call for the same `Request` (after `destroy()`,
 * a fresh one). Save it, and every other session of the request, with
 * `commitSessions(request, response)`.
 */
export function getSession<D extends object = DefaultSessionData>(manager: Manager<D>, request: Request): Promise<Session<D>> {
  return bindingFor(manager, request).session();
}

/**
 * Saves every session this request used, then returns the response carrying the
 * cookies they need. A response with immutable headers (`Response.redirect()`,
 * a `fetch()` result) is copied first. A store failure rejects, and the sessions after
 * the failed one are not saved: answer it as an error, since the change was not saved.
 * A network error (`Response.error()`) cannot carry a cookie: when a session needs one,
 * nothing is saved and the call rejects with `HEADERS_SENT`.
 */
export async function commitSessions(request: Request, response: Response): Promise<Response> {
  const slotted = request as Slotted;
  const head = slotted[REGISTRY];
  if (head === undefined) return response;
  slotted[REGISTRY] = undefined;
  const bindings: AnyBinding[] = [];
  for (let entry: Entry | undefined = head; entry !== undefined; entry = entry.next) bindings.unshift(entry.binding);
  if (response.status === 0) {
    for (const binding of bindings) refuseNetworkError(binding);
    return response;
  }
  const headers: ResponseHeader[] = [];
  for (const binding of bindings) headers.push(...(await binding.commit()));
  return withHeaders(response, headers);
}

/**
 * A Fetch handler with a session: `export const GET = withSession(sessions, async (req, session) => Response.json(...))`.
 * The session is saved, and its cookie set, before the response is returned. A handler
 * that throws saves nothing: there is no response to carry the cookie.
 */
export function withSession<D extends object = DefaultSessionData>(
  manager: Manager<D>,
  handler: (request: Request, session: Session<D>) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  assertManager(manager, "withSession (@sess/core/fetch)");
  return async (request) => {
    const session = await getSession(manager, request);
    const response = await handler(request, session);
    return commitSessions(request, response);
  };
}

/**
 * @internal Throws `HEADERS_SENT` when `binding`'s session holds a change (or needs a
 * cookie) that a network-error response cannot carry; the change is not saved.
 */
export function refuseNetworkError(binding: AnyBinding): void {
  if (binding.pending || binding.headers().some(([name]) => name === "set-cookie")) {
    throw new SessError(
      SessErrorCode.HEADERS_SENT,
      "the handler answered with a network error (Response.error()), which cannot carry the session cookie; the session change was not saved",
    );
  }
}

/** Appends `headers` to `response`, copying it when its headers are immutable. */
export function withHeaders(response: Response, headers: readonly ResponseHeader[]): Response {
  if (headers.length === 0) return response;
  let target = response;
  try {
    for (const [name, value] of headers) target.headers.append(name, value);
  } catch {
    target = new Response(response.body, response);
    for (const [name, value] of headers) target.headers.append(name, value);
  }
  return target;
}
