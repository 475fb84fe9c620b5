import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { commitSessions, getSession } from "@sess/core/fetch";
import { errorBody, flowFor } from "./flows.js";
import { type AppFactory, listen } from "./harness.js";

/**
 * The login app as a Fetch handler (Request in, Response out), served through
 * @hono/node-server's converter with Node's own Request/Response. Sessions load
 * only when a route asks (getSession), and redirects are `Response.redirect()`,
 * whose headers are immutable.
 */
export const fetchHandler = (managers: Parameters<AppFactory>[0], errors: unknown[]) => async (request: Request): Promise<Response> => {
  try {
    const url = new URL(request.url);
    const form = request.method === "POST" ? new URLSearchParams(await request.text()) : new URLSearchParams();
    const sessions = { main: () => getSession(managers.main, request), cart: () => getSession(managers.cart, request) };
    const reply = await flowFor(request.method, url.pathname)(sessions, { query: url.searchParams, form });
    const response = reply.location ? Response.redirect(new URL(reply.location, url), reply.status as 303) : new Response(reply.body, { status: reply.status });
    if (reply.cookie) response.headers.append("set-cookie", reply.cookie);
    return await commitSessions(request, response);
  } catch (err) {
    errors.push(err);
    return new Response(errorBody(err), { status: 500 });
  }
};

/** The Fetch handler on a real node:http server. */
export const fetchApp: AppFactory = async (managers, errors) => {
  const listener = getRequestListener(fetchHandler(managers, errors), { overrideGlobalObjects: false });
  // The listener answers every failure itself (errorHandler default: a 500), so its promise never rejects.
  return listen(createServer((req, res) => void listener(req, res)));
};
