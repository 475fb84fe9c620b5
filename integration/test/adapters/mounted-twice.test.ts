// The same manager's middleware mounted twice (an app-level and a router-level use) must
// act as one: one session, saved once, one Set-Cookie.
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import Koa from "koa";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, type Manager } from "@sess/core";
import { sessionMiddleware as honoSession } from "@sess/core/hono";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { call } from "./support/http-client.js";
import { listen, type RunningApp } from "./support/harness.js";
import "./support/session-data.js";

let store: Counted<MemoryProvider>;
let manager: Manager;
let app: RunningApp;
beforeEach(async () => {
  store = counted(new MemoryProvider());
  manager = await createManager({ provider: store.provider, cookieName: "sid", maxLifetime: 3600, onError: () => {} });
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

async function expectOneCookie(): Promise<void> {
  const login = await call(`${app.url}/login`, { method: "POST" });
  expect(login.setCookies).toHaveLength(1);
  expect(store.calls.get("write")).toBe(1);
  store.reset();
  expect((await call(`${app.url}/`, { cookie: login.sid })).body).toBe("ann");
  expect(store.calls.get("read")).toBe(1);
}

it("Hono: sessionMiddleware mounted twice for one manager loads once and sends one Set-Cookie", async () => {
  const hono = new Hono();
  hono.use(honoSession(manager));
  hono.use(honoSession(manager));
  hono.post("/login", (c) => {
    c.get("session").set("username", "ann");
    return c.text("ok");
  });
  hono.get("/", (c) => c.text(c.get("session").get("username") ?? "nobody"));
  const listener = getRequestListener(hono.fetch, { overrideGlobalObjects: false });
  app = await listen(createServer((req, res) => void listener(req, res)));
  await expectOneCookie();
});

it("Koa: sessionMiddleware mounted twice for one manager loads once and sends one Set-Cookie", async () => {
  const koa = new Koa();
  koa.use(koaSession(manager));
  koa.use(koaSession(manager));
  koa.use(async (ctx) => {
    if (ctx.path === "/login") {
      ctx.session.set("username", "ann");
      ctx.body = "ok";
    } else ctx.body = ctx.session.get("username") ?? "nobody";
  });
  const callback = koa.callback();
  app = await listen(createServer((req, res) => void callback(req, res)));
  await expectOneCookie();
});
