// Response.error() (a network error) cannot carry a Set-Cookie. When the session holds a
// change that needs one, the request must fail with a typed error before anything is
// stored, not a RangeError after the write (Fetch) or a 200 (Hono) (issue 21, defect 9).
import { Hono } from "hono";
import { afterEach, beforeEach, expect, it } from "vitest";
import { isSessError, type Manager, SessErrorCode } from "@sess/core";
import { withSession } from "@sess/core/fetch";
import { sessionMiddleware } from "@sess/core/hono";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveFetch, sidManager } from "./support/serve.js";
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

async function serve(fetchHandler: (request: Request) => Promise<Response>): Promise<void> {
  app = await serveFetch(fetchHandler);
}

it("Fetch: withSession over a handler returning Response.error() after a change rejects HEADERS_SENT and stores nothing", async () => {
  const handler = withSession(manager, async (request, session) => {
    session.set("username", "ann");
    return new URL(request.url).pathname === "/fail" ? Response.error() : new Response("ok");
  });
  await serve(async (request) => {
    try {
      return await handler(request);
    } catch (err) {
      seen.push(err);
      return new Response("failed", { status: 500 });
    }
  });
  expect((await call(`${app.url}/fail`)).status).toBe(500);
  expect(seen).toHaveLength(1);
  expect(isSessError(seen[0], SessErrorCode.HEADERS_SENT)).toBe(true);
  expect(await manager.count()).toBe(0);
  expect((await call(`${app.url}/ok`)).sid).toBeDefined();
});

it("Fetch: Response.error() from a handler that changed nothing passes through untouched", async () => {
  const handler = withSession(manager, async () => Response.error());
  const response = await handler(new Request("http://app.test/"));
  expect(response.type).toBe("error");
  app = { url: "", close: async () => {} };
});

it("Hono: a handler returning Response.error() after a change goes to app.onError with HEADERS_SENT and stores nothing", async () => {
  const hono = new Hono();
  hono.use(sessionMiddleware(manager));
  hono.onError((err, c) => {
    seen.push(err);
    return c.text("failed", 500);
  });
  hono.get("/fail", (c) => {
    c.get("session").set("username", "ann");
    return Response.error();
  });
  await serve(async (request) => hono.fetch(request));
  expect((await call(`${app.url}/fail`)).status).toBe(500);
  expect(seen).toHaveLength(1);
  expect(isSessError(seen[0], SessErrorCode.HEADERS_SENT)).toBe(true);
  expect(await manager.count()).toBe(0);
});
