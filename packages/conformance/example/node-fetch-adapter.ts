// node-fetch-adapter.ts
/**
 * A complete, minimal third-party sess adapter: Fetch-style handlers (Request in, Response out)
 * served by node:http, built on `manager.bind()` as every sess adapter is. It is the example of
 * @sess/conformance's README, run against the adapter suite in CI and, from the packed tarballs,
 * in an empty project outside the monorepo.
 *
 * The one rule it keeps: the sessions are committed (stored, cookies made) before any byte of
 * the response leaves, so a change is stored and its cookie sent, or the request fails loudly.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { Manager, ResponseHeader, Session, SessionBinding } from "@sess/core";

/** The sessions of one request, one per manager, each loaded on first use. */
export class RequestSessions {
  readonly #cookie: string | undefined;
  readonly #bindings = new Map<Manager, SessionBinding<Session>>();

  constructor(cookie: string | undefined) {
    this.#cookie = cookie;
  }

  /** The request's session under `manager`: the same object on every call, a fresh one after destroy(). */
  get(manager: Manager): Promise<Session> {
    let binding = this.#bindings.get(manager);
    if (binding === undefined) {
      binding = manager.bind({ cookie: this.#cookie, secure: false });
      this.#bindings.set(manager, binding);
    }
    return binding.session();
  }

  /** Stores every session used and returns the headers the response needs. */
  async commit(): Promise<ResponseHeader[]> {
    const headers: ResponseHeader[] = [];
    for (const binding of this.#bindings.values()) headers.push(...(await binding.commit()));
    return headers;
  }
}

/** A Fetch-style handler with the request's sessions. */
export type SessionHandler = (request: Request, sessions: RequestSessions) => Promise<Response>;

/** The Node listener: `onError` answers what the handler threw (and a failed commit). */
export function nodeListener(handler: SessionHandler, onError: (error: unknown) => Response): RequestListener {
  return (req, res) => void serve(req, res, handler, onError).catch(() => res.destroy());
}

async function serve(req: IncomingMessage, res: ServerResponse, handler: SessionHandler, onError: (error: unknown) => Response): Promise<void> {
  const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method: req.method ?? "GET" });
  const sessions = new RequestSessions(req.headers.cookie);
  let response: Response;
  try {
    response = await handler(request, sessions);
  } catch (error) {
    response = onError(error);
  }
  // A network error has no response to carry a cookie: store nothing and fail the connection.
  if (response.type === "error") {
    res.destroy();
    return;
  }
  let headers: ResponseHeader[];
  try {
    headers = await sessions.commit();
  } catch (error) {
    response = onError(error);
    headers = [];
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = [...response.headers.getSetCookie(), ...headers.filter(([n]) => n === "set-cookie").map(([, v]) => v)];
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  for (const [name, value] of headers) if (name !== "set-cookie") res.setHeader(name, value);
  if (response.body === null || req.method === "HEAD") {
    res.end();
    return;
  }
  // With lib "dom" (a user's tsconfig) the body is the DOM's ReadableStream, which Node's types do not accept.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed there, not here
  Readable.fromWeb(response.body as NodeReadableStream).on("error", () => res.destroy()).pipe(res);
}
