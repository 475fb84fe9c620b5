import { cookies } from "next/headers";
import { getSession } from "@sess/core/next";
import { sessions } from "../../../lib/sessions";

/** Who is logged in, as JSON (a Route Handler reading the session). */
export async function GET(): Promise<Response> {
  const session = await getSession(await sessions(), await cookies());
  await session.release();
  return Response.json({ username: session.get("username") ?? null });
}

/** Counts a visit: a Route Handler changing the session; release() stores it and sets the cookie. */
export async function POST(): Promise<Response> {
  const session = await getSession(await sessions(), await cookies());
  if (session.get("username") === undefined) return Response.json({ error: "log in first" }, { status: 401 });
  const visits = (session.get("visits") ?? 0) + 1;
  session.set("visits", visits);
  await session.release();
  return Response.json({ visits });
}
