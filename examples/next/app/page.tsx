import { cookies } from "next/headers";
import Link from "next/link";
import { readSession } from "@sess/core/next";
import { sessions } from "../lib/sessions";
import { login, logout } from "./actions";

// A Server Component reads the session; it cannot change it (Next.js sets no cookie while rendering).
export default async function Home() {
  const session = await readSession(await sessions(), await cookies());
  const username = session.get("username");
  if (username === undefined) {
    return (
      <form action={login}>
        <h1>Log in</h1>
        <input name="username" aria-label="username" />
        <button type="submit">Log in</button>
      </form>
    );
  }
  return (
    <main>
      <h1 id="greeting">Hello, {username}!</h1>
      <Link href="/protected">Protected page</Link>
      <form action={logout}>
        <button type="submit">Log out</button>
      </form>
    </main>
  );
}
