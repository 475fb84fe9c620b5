import { Hono } from "hono";
import { isSessError, type Manager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/hono";
import { page } from "./page.js";
import "./session-data.js";

/** The login app: GET / greets (or shows the form), POST /login, POST /logout. */
export function createApp(sessions: Manager): Hono {
  const app = new Hono();
  app.use(sessionMiddleware(sessions));

  app.get("/", (c) => {
    const session = c.get("session");
    const username = session.get("username");
    if (username === undefined) return c.html(page(undefined));
    const visits = (session.get("visits") ?? 0) + 1;
    session.set("visits", visits);
    return c.html(page(username, visits));
  });

  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const username = typeof form.username === "string" ? form.username.trim() : "";
    if (!username || username.length > 64 || !form.password) return c.text("enter a username and a password", 400);
    const session = c.get("session");
    // A new id on login: whatever id the browser had before is worthless now.
    await session.regenerate();
    session.set("username", username);
    session.set("visits", 0);
    return c.redirect("/", 303);
  });

  app.post("/logout", async (c) => {
    await c.get("session").destroy();
    return c.redirect("/", 303);
  });

  app.onError((err, c) => {
    console.error(err);
    return isSessError(err, "STORE_UNAVAILABLE") ? c.text("the session store is unavailable", 503) : c.text("internal error", 500);
  });
  return app;
}
