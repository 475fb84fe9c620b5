import { NextResponse, type NextRequest } from "next/server";
import { commitSessions, getSession } from "@sess/core/fetch";
import { sessions } from "./lib/sessions";

// Next's proxy (middleware) runs on the Node.js runtime: the Fetch adapter works there as in any
// Fetch handler. It sends anonymous visitors of /protected to the login form before rendering,
// and counts the protected page's views in the session (the cookie goes on this response).
export async function proxy(request: NextRequest): Promise<Response> {
  const manager = await sessions();
  const session = await getSession(manager, request);
  if (session.get("username") === undefined) return commitSessions(request, NextResponse.redirect(new URL("/", request.url)));
  session.set("views", (session.get("views") ?? 0) + 1);
  return commitSessions(request, NextResponse.next());
}

export const config = { matcher: ["/protected"] };
