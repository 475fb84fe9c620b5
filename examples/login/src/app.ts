import type { IncomingMessage, ServerResponse } from "node:http";
import type { Manager } from "@sess/core";
import { renderPage } from "./page.js";
import { readForm, redirect, sameOrigin } from "./http-helpers.js";
import { handleSessions } from "./sessions-routes.js";

/** The demo's session data. */
export interface DemoSession extends Record<string, unknown> {
  username: string;
  visits: number;
}

/** Whether the manager's provider keeps a per-user index (listSubject/destroySubject). */
export function subjectsSupported(sessions: Manager<DemoSession>): boolean {
  return typeof (sessions.provider as { listSubject?: unknown }).listSubject === "function";
}

/** The seed's login handler as a node:http request listener. */
export function createApp(sessions: Manager<DemoSession>, providerName: string) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "POST" && !sameOrigin(req)) {
      res.writeHead(403, { "content-type": "text/plain" }).end("cross-origin form posts are refused\n");
      return;
    }
    if (req.method === "GET" && url.pathname === "/") {
      const sess = await sessions.start(req, res);
      const username = sess.get("username");
      const visits = username ? (sess.get("visits") ?? 0) + 1 : 0;
      if (username) sess.set("visits", visits);
      const messages = sess.flashes("message").map(String);
      await sess.release();
      const listed = username !== undefined && sess.subject !== undefined;
      const html = renderPage({ username, visits, active: await sessions.count(), provider: providerName, messages, listed });
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
      return;
    }
    if (req.method === "POST" && url.pathname === "/login") {
      const form = await readForm(req);
      const username = form.get("username")?.trim() ?? "";
      const sess = await sessions.start(req, res);
      if (!username || username.length > 64 || !form.get("password")) {
        sess.flash("message", "Enter a username (up to 64 characters) and a password.");
      } else {
        // A new id on login: whatever id the browser had before is worthless now.
        await sess.regenerate();
        sess.set("username", username);
        sess.set("visits", 0);
        // Bound to the user, so "your sessions" can list and end it (where the provider keeps a per-user index).
        if (subjectsSupported(sessions)) sess.setSubject(username, { ua: (req.headers["user-agent"] ?? "unknown browser").slice(0, 200) });
      }
      await sess.release();
      redirect(res, "/");
      return;
    }
    if (req.method === "POST" && url.pathname === "/logout") {
      await sessions.destroy(req, res);
      redirect(res, "/");
      return;
    }
    if (await handleSessions(sessions, req, res, url)) return;
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  };
}
