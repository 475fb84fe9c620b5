"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getSession } from "@sess/core/next";
import { sessions } from "../lib/sessions";

/** Logs in: a new id, the name stored, the cookie set, then the protected page. */
export async function login(form: FormData): Promise<void> {
  const field = form.get("username");
  const username = typeof field === "string" ? field.trim() : "";
  if (username === "" || username.length > 64) redirect("/?error=name");
  const session = await getSession(await sessions(), await cookies());
  await session.regenerate();
  session.set("username", username);
  session.set("visits", 0);
  // release() stores the session and sets its cookie; redirect() throws, so it comes last.
  await session.release();
  redirect("/protected");
}

/** Logs out: the session is destroyed and its cookie expired. */
export async function logout(): Promise<void> {
  const session = await getSession(await sessions(), await cookies());
  await session.destroy();
  await session.release();
  redirect("/");
}
