import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { commitSessions, getSession } from "@sess/core/fetch";
import { type AdapterApp, type AdapterHarness, listen, toFetchResponse } from "@sess/conformance/adapters";
import { RETURNS_RESPONSE, STREAMS } from "./capabilities.js";

/** The Fetch handler: `getSession` per manager, `commitSessions` on every answer, errors caught and answered 500. */
function fetchHandler(app: AdapterApp) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const method = request.method === "HEAD" ? "GET" : request.method;
    const route = app.routes.find((r) => r.path === url.pathname && r.method === method);
    if (route === undefined) return new Response("not found", { status: 404 });
    try {
      const reply = await route.handle({
        query: url.searchParams,
        session: (which) => getSession(which === "second" ? app.second : app.main, request),
        start: () => getSession(app.main, request),
      });
      return await commitSessions(request, toFetchResponse(reply, request.url));
    } catch (error) {
      app.errorHandled(error);
      return commitSessions(request, new Response("internal error", { status: 500 }));
    }
  };
}

/** Node's own server in front of a Fetch handler: Request in, Response written back, a network error as a reset. */
async function serveFetch(handler: (request: Request) => Promise<Response>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const response = await handler(new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method: req.method ?? "GET", headers }));
  if (response.type === "error") {
    res.destroy();
    return;
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (response.body === null || req.method === "HEAD") res.end();
  else Readable.fromWeb(response.body).on("error", () => res.destroy()).pipe(res);
}

/** Fetch (`@sess/core/fetch`) on node:http. */
export const fetchHarness: AdapterHarness = {
  name: "fetch on node:http",
  capabilities: {
    ...STREAMS,
    ...RETURNS_RESPONSE,
    "network-error": true,
  },
  untouchedReads: 0,
  async start(app) {
    const handler = fetchHandler(app);
    return listen(createServer(app.serverOptions, (req, res) => void serveFetch(handler, req, res).catch(() => res.destroy())));
  },
};
