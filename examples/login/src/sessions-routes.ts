import type { IncomingMessage, ServerResponse } from "node:http";
import type { Manager } from "@sess/core";
import type { DemoSession } from "./app.js";
import { redirect } from "./http-helpers.js";
import { renderSessionsPage } from "./sessions-page.js";
import { readForm } from "./http-helpers.js";

/**
 * "Your sessions": GET /sessions lists the user's sessions, POST /sessions/revoke ends one by its
 * handle, POST /sessions/revoke-others logs out everywhere else. Resolves false for other paths.
 */
export async function handleSessions(
  sessions: Manager<DemoSession>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const route = `${req.method} ${url.pathname}`;
  if (route !== "GET /sessions" && route !== "POST /sessions/revoke" && route !== "POST /sessions/revoke-others") return false;
  const form = req.method === "POST" ? await readForm(req) : undefined;
  const sess = await sessions.start(req, res);
  const subject = sess.subject;
  await sess.release();
  if (subject === undefined) {
    redirect(res, "/");
    return true;
  }
  if (route === "POST /sessions/revoke") {
    // Only ends a session of this user: a handle copied from someone else's page does nothing.
    await sessions.revokeSession(subject, form?.get("handle") ?? "");
  } else if (route === "POST /sessions/revoke-others") {
    await sessions.revokeSessions(subject, { except: sess });
  }
  if (req.method === "POST") {
    redirect(res, "/sessions");
    return true;
  }
  const current = sessions.sessionHandle(sess);
  const rows = (await sessions.listSessions(subject)).map((info) => ({ info, current: info.handle === current }));
  const html = renderSessionsPage(sess.get("username") ?? subject, rows);
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
  return true;
}
