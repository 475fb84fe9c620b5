import Koa from "koa";
import { isSessError, type Manager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/koa";
import { page } from "./page.js";
import "./session-data.js";

const MAX_FORM_BYTES = 4096;

// Koa parses no bodies by itself (koa-bodyparser would); a login form is small.
async function readForm(ctx: Koa.Context): Promise<URLSearchParams> {
  let text = "";
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    text += chunk.toString("utf8");
    if (text.length > MAX_FORM_BYTES) ctx.throw(413, "form too large");
  }
  return new URLSearchParams(text);
}

/** The login app: GET / greets (or shows the form), POST /login, POST /logout. */
export function createApp(sessions: Manager): Koa {
  const app = new Koa();
  // Outermost, so a store failure while the session is saved is answered here too.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (!isSessError(err, "STORE_UNAVAILABLE")) throw err;
      ctx.app.emit("error", err, ctx);
      ctx.status = 503;
      ctx.body = "the session store is unavailable";
    }
  });
  app.use(sessionMiddleware(sessions));

  app.use(async (ctx) => {
    const route = `${ctx.method} ${ctx.path}`;
    if (route === "GET /") {
      const username = ctx.session.get("username");
      const visits = (ctx.session.get("visits") ?? 0) + 1;
      if (username !== undefined) ctx.session.set("visits", visits);
      ctx.type = "html";
      ctx.body = page(username, visits);
    } else if (route === "POST /login") {
      const form = await readForm(ctx);
      const username = form.get("username")?.trim() ?? "";
      if (!username || username.length > 64 || !form.get("password")) ctx.throw(400, "enter a username and a password");
      // A new id on login: whatever id the browser had before is worthless now.
      await ctx.session.regenerate();
      ctx.session.set("username", username);
      ctx.session.set("visits", 0);
      ctx.status = 303;
      ctx.redirect("/");
    } else if (route === "POST /logout") {
      await ctx.session.destroy();
      ctx.status = 303;
      ctx.redirect("/");
    }
  });
  return app;
}
