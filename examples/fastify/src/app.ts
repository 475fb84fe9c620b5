import Fastify, { type FastifyInstance } from "fastify";
import { isSessError, type Manager } from "@sess/core";
import { sessionPlugin } from "@sess/core/fastify";
import { page } from "./page.js";
import "./session-data.js";

/** The login app: GET / greets (or shows the form), POST /login, POST /logout. */
export async function createApp(sessions: Manager): Promise<FastifyInstance> {
  const app = Fastify();
  // Fastify parses no forms by itself (@fastify/formbody does the same as this).
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 4096 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  await app.register(sessionPlugin, { manager: sessions });

  app.get("/", async (request, reply) => {
    const username = request.session.get("username");
    if (username === undefined) return reply.type("text/html").send(page(undefined));
    const visits = (request.session.get("visits") ?? 0) + 1;
    request.session.set("visits", visits);
    return reply.type("text/html").send(page(username, visits));
  });

  app.post<{ Body: { username?: string; password?: string } }>("/login", async (request, reply) => {
    const username = request.body.username?.trim() ?? "";
    if (!username || username.length > 64 || !request.body.password) return reply.code(400).send("enter a username and a password");
    // A new id on login: whatever id the browser had before is worthless now.
    await request.session.regenerate();
    request.session.set("username", username);
    request.session.set("visits", 0);
    return reply.redirect("/", 303);
  });

  app.post("/logout", async (request, reply) => {
    await request.session.destroy();
    return reply.redirect("/", 303);
  });

  app.setErrorHandler(async (err, _request, reply) => {
    console.error(err);
    if (isSessError(err, "STORE_UNAVAILABLE")) return reply.code(503).send("the session store is unavailable");
    return reply.code((err as { statusCode?: number }).statusCode ?? 500).send("error");
  });
  return app;
}
