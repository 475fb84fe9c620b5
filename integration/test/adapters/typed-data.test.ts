// SessionData declared once (support/session-data.ts) types the session of every
// adapter with no cast and no generic; checked by `tsc -p integration`, and run
// through each framework's own request injection (fastify.inject, Hono's app.request).
import Fastify, { type FastifyRequest } from "fastify";
import type { Request as Express5Request } from "express";
import type { Request as Express4Request } from "express4";
import { Hono } from "hono";
import type Koa from "koa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManager, type Manager, type Session, type SessionData } from "@sess/core";
import "@sess/core/express";
import { sessionPlugin } from "@sess/core/fastify";
import { getSession } from "@sess/core/fetch";
import { sessionMiddleware } from "@sess/core/hono";
import "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import "./support/session-data.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_proof?: T): void => undefined;

// Compile-time: the session property of each framework is the declared data's Session, not optional.
assertType<Equal<Express5Request["session"], Session<SessionData>>>();
assertType<Equal<Express4Request["session"], Session<SessionData>>>();
assertType<Equal<FastifyRequest["session"], Session<SessionData>>>();
assertType<Equal<Koa.Context["session"], Session<SessionData>>>();
assertType<Equal<Awaited<ReturnType<typeof getSession<SessionData>>>, Session<SessionData>>>();

/** What every adapter's session must allow and refuse, at compile time. */
export function typedUse(session: Session): string {
  const name = session.get("username");
  assertType<Equal<typeof name, string | undefined>>();
  assertType<Equal<ReturnType<typeof session.get<"items">>, string[] | undefined>>();
  // @ts-expect-error: visits is declared a number
  session.set("visits", "one");
  return name ?? "nobody";
}

let manager: Manager;
beforeEach(async () => {
  manager = await createManager({ provider: new MemoryProvider(), cookieName: "sid", maxLifetime: 3600 });
});
afterEach(() => manager.close());

const cookieOf = (headers: string[]) => headers.map((c) => c.split(";")[0]!).find((c) => c.startsWith("sid="));

// The express-session habit `req.session.userId = 1` would be silently lost: it throws instead.
function assignProperty(session: Session): string {
  try {
    (session as unknown as Record<string, unknown>).userId = 1;
    return "assigned";
  } catch (err) {
    return (err as Error).name;
  }
}

describe("typed session data through the frameworks' own injection", () => {
  it("Hono: c.get('session') is typed, and app.request runs the login flow", async () => {
    const app = new Hono();
    app.use(sessionMiddleware(manager));
    app.post("/login", async (c) => {
      const session = c.get("session");
      await session.regenerate();
      session.set("username", "ann");
      session.set("visits", 0);
      return c.redirect("/", 303);
    });
    app.get("/", (c) => c.text(`${typedUse(c.get("session"))} ${assignProperty(c.get("session"))}`));
    const login = await app.request("/login", { method: "POST" });
    expect(login.status).toBe(303);
    const cookie = cookieOf(login.headers.getSetCookie());
    expect(cookie).toBeDefined();
    const page = await app.request("/", { headers: { cookie: cookie! } });
    expect(await page.text()).toBe("ann TypeError");
  });

  it("Fastify: request.session is typed, and fastify.inject runs the login flow", async () => {
    const app = Fastify();
    await app.register(sessionPlugin, { manager });
    app.post("/login", async (request, reply) => {
      await request.session.regenerate();
      request.session.set("username", "bob");
      return reply.redirect("/", 303);
    });
    app.get("/", async (request) => `${typedUse(request.session)} ${assignProperty(request.session)}`);
    try {
      const login = await app.inject({ method: "POST", url: "/login" });
      expect(login.statusCode).toBe(303);
      const setCookie = login.headers["set-cookie"];
      const cookie = cookieOf(Array.isArray(setCookie) ? setCookie : [String(setCookie)]);
      expect(cookie).toBeDefined();
      const page = await app.inject({ method: "GET", url: "/", headers: { cookie: cookie! } });
      expect(page.body).toBe("bob TypeError");
    } finally {
      await app.close();
    }
  });
});
