import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { readSession } from "@sess/core/next";
import { sessions } from "../../lib/sessions";
import { logout } from "../actions";
import { VisitButton } from "./visit-button";

export const dynamic = "force-dynamic";

/** Only for a logged-in user; anyone else goes back to the login form. */
export default async function Protected() {
  const session = await readSession(await sessions(), await cookies());
  const username = session.get("username");
  if (username === undefined) redirect("/");
  return (
    <main>
      <h1 id="secret">Protected page of {username}</h1>
      <p>
        Visits counted by the Route Handler: <span id="visits">{session.get("visits") ?? 0}</span>
      </p>
      <p>
        Views counted by the proxy: <span id="views">{session.get("views") ?? 0}</span>
      </p>
      <VisitButton />
      <form action={logout}>
        <button type="submit">Log out</button>
      </form>
    </main>
  );
}
