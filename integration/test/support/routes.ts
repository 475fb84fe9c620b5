import type { IncomingMessage, ServerResponse } from "node:http";
import { isSessError, type Manager, type Session } from "@sess/core";

/** The session data the login app keeps. */
export interface AppData extends Record<string, unknown> {
  username: string;
  visits: number;
}

/** What a route sees. */
export interface RouteContext {
  session: Session<AppData>;
  manager: Manager<AppData>;
  req: IncomingMessage;
  res: ServerResponse;
  form: URLSearchParams;
  query: URLSearchParams;
}

/** What a route answers; null when it wrote the response itself. */
export type Reply = { status?: number; body?: string; location?: string } | null;

/** A route handler, shared by the node:http and the Express app. */
export type Route = (ctx: RouteContext) => Promise<Reply>;

const json = (value: unknown): Reply => ({ body: JSON.stringify(value) });

/** The seed's login app as routes, plus probes the tests use. Keys are "METHOD /path". */
export const routes: Record<string, Route> = {
  "GET /": async ({ session }) => {
    const username = session.get("username");
    const flashes = session.flashes("info");
    if (!username) return { body: `<form method="post" action="/login">login</form>${flashes.join(",")}` };
    const visits = (session.get("visits") ?? 0) + 1;
    session.set("visits", visits);
    return { body: `hello, ${username} (visit ${visits})${flashes.length ? ` [${flashes.join(",")}]` : ""}` };
  },
  "POST /login": async ({ session, manager, req, res, form }) => {
    const username = form.get("username") ?? "";
    if (!username || form.get("password") !== "secret") return { status: 401, body: "bad login" };
    session.set("username", username);
    session.set("visits", 0);
    if (form.get("remember") === "0") session.rememberMe(false);
    await manager.regenerate(req, res);
    session.flash("info", "welcome");
    return { status: 303, location: "/" };
  },
  "POST /logout": async ({ manager, req, res }) => {
    await manager.destroy(req, res);
    return { status: 303, location: "/" };
  },
  // Logout that leaves a message for the next page: a fresh session after the destroyed one.
  "POST /logout-flash": async ({ manager, req, res }) => {
    await manager.destroy(req, res);
    (await manager.start(req, res)).flash("info", "bye");
    return { status: 303, location: "/" };
  },
  // Read-only: what the session holds, changing nothing.
  "GET /whoami": async ({ session }) => json({ id: session.id, isNew: session.isNew, keys: session.keys().sort(), username: session.get("username") ?? null }),
  "POST /set": async ({ session, query }) => {
    for (const [k, v] of query) session.set(k, v);
    return json({ id: session.id });
  },
  "POST /set-and-redirect": async ({ session, query }) => {
    for (const [k, v] of query) session.set(k, v);
    return { status: 302, location: "/whoami" };
  },
  "GET /get": async ({ session, query }) => json(Object.fromEntries(query.getAll("k").map((k) => [k, session.get(k) ?? null]))),
  "POST /flash": async ({ session, query }) => {
    session.flash("info", query.get("msg"));
    return json({ id: session.id });
  },
  "POST /regenerate": async ({ manager, req, res }) => json({ id: (await manager.regenerate(req, res)).id }),
  "POST /forget-me": async ({ session }) => {
    session.rememberMe(false);
    return json({ id: session.id });
  },
  "GET /stream-set": (ctx) => streamingRoute(ctx),
  // Ends the response first; the app releases afterwards (the seed's try/finally order).
  "POST /end-then-release": async ({ session, res, query }) => {
    for (const [k, v] of query) session.set(k, v);
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(session.id);
    return null;
  },
  // Sets its own cookie through writeHead's header object.
  "POST /own-cookie": async ({ session, res, query }) => {
    const flat = query.get("flat") === "1";
    query.delete("flat");
    for (const [k, v] of query) session.set(k, v);
    if (flat) res.writeHead(200, ["content-type", "text/plain", "set-cookie", "theme=dark; Path=/"]);
    else res.writeHead(200, { "content-type": "text/plain", "set-cookie": ["theme=dark; Path=/"] });
    res.end("ok");
    return null;
  },
  // Writes the headers, then gives a brand-new session its first value: must fail with HEADERS_SENT.
  "GET /late": async ({ session, res }) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("started;");
    try {
      session.set("username", "late");
      res.end("stored");
    } catch (err) {
      res.end(isSessError(err) ? err.code : "other");
    }
    return null;
  },
};

/** Streams part of the body, then changes the (stored) session: a failed write can only be reported, not turned into a 500. */
export const streamingRoute: Route = async ({ session, res, query }) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.write("partial;");
  for (const [k, v] of query) session.set(k, v);
  res.end("done");
  return null;
};

/** Reads an urlencoded request body. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
