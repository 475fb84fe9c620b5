import { isSessError, type Manager } from "@sess/core";
import { withSession } from "@sess/core/fetch";
import { page } from "./page.js";
import "./session-data.js";

const MAX_FORM_BYTES = 4096;
const html = (body: string) => new Response(body, { headers: { "content-type": "text/html; charset=utf-8" } });

/**
 * The login app as a Fetch handler (Request in, Response out): GET / greets (or
 * shows the form), POST /login, POST /logout. It runs as is wherever Request and
 * Response exist; each route has the shape of a Next.js route handler.
 */
export function createHandler(sessions: Manager): (request: Request) => Promise<Response> {
  const routes: Record<string, (request: Request) => Promise<Response>> = {
    "GET /": withSession(sessions, (_request, session) => {
      const username = session.get("username");
      if (username === undefined) return html(page(undefined));
      const visits = (session.get("visits") ?? 0) + 1;
      session.set("visits", visits);
      return html(page(username, visits));
    }),
    "POST /login": withSession(sessions, async (request, session) => {
      if (Number(request.headers.get("content-length") ?? 0) > MAX_FORM_BYTES) return new Response("form too large", { status: 413 });
      const form = new URLSearchParams(await request.text());
      const username = form.get("username")?.trim() ?? "";
      if (!username || username.length > 64 || !form.get("password")) return new Response("enter a username and a password", { status: 400 });
      // A new id on login: whatever id the browser had before is worthless now.
      await session.regenerate();
      session.set("username", username);
      session.set("visits", 0);
      // Response.redirect() has immutable headers: withSession copies it to add the cookie.
      return Response.redirect(new URL("/", request.url), 303);
    }),
    "POST /logout": withSession(sessions, async (request, session) => {
      await session.destroy();
      return Response.redirect(new URL("/", request.url), 303);
    }),
  };
  return async (request) => {
    const route = routes[`${request.method} ${new URL(request.url).pathname}`];
    if (!route) return new Response("not found", { status: 404 });
    try {
      return await route(request);
    } catch (err) {
      console.error(err);
      if (isSessError(err, "STORE_UNAVAILABLE")) return new Response("the session store is unavailable", { status: 503 });
      return new Response("internal error", { status: 500 });
    }
  };
}
