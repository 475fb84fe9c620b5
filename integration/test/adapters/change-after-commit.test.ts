// A change to an existing session after the adapter saved it for the response (after
// Express's res.json(), inside Hono's streamSSE) can never be stored: it must throw a
// typed error, not be accepted and dropped (issue 21, defect 5).
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { afterEach, beforeEach, expect, it } from "vitest";
import { isSessError, type Manager, SessErrorCode } from "@sess/core";
import { sessionMiddleware as honoSession } from "@sess/core/hono";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveExpressLogin, serveHono, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;
let seen: unknown[];

beforeEach(async () => {
  seen = [];
  manager = await sidManager();
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

function expectHeadersSent(): void {
  expect(seen).toHaveLength(1);
  expect(isSessError(seen[0], SessErrorCode.HEADERS_SENT)).toBe(true);
}

it("Express: session.set() after res.json() on an existing session throws HEADERS_SENT", async () => {
  app = await serveExpressLogin(manager, {
    routes: (server) =>
      server.post("/late", (req, res) => {
        res.json({ ok: true });
        try {
          req.session.set("username", "late");
        } catch (err) {
          seen.push(err);
        }
      }),
  });
  const login = await call(`${app.url}/login`, { method: "POST" });
  expect((await call(`${app.url}/late`, { method: "POST", cookie: login.sid })).status).toBe(200);
  expectHeadersSent();
  expect((await call(`${app.url}/`, { cookie: login.sid })).body).toBe("ann");
});

it("Hono: session.set() inside streamSSE, after the middleware saved the session, throws HEADERS_SENT", async () => {
  const hono = new Hono();
  hono.use(honoSession(manager));
  hono.post("/login", (c) => {
    c.get("session").set("username", "ann");
    return c.text("ok");
  });
  hono.get("/events", (c) =>
    streamSSE(c, async (stream) => {
      await stream.sleep(20);
      try {
        c.get("session").set("username", "late");
      } catch (err) {
        seen.push(err);
      }
      await stream.writeSSE({ data: "done" });
    }),
  );
  hono.get("/", (c) => c.text(c.get("session").get("username") ?? "nobody"));
  app = await serveHono(hono);
  const login = await call(`${app.url}/login`, { method: "POST" });
  expect((await call(`${app.url}/events`, { cookie: login.sid })).body).toContain("data: done");
  expectHeadersSent();
  expect((await call(`${app.url}/`, { cookie: login.sid })).body).toBe("ann");
});
