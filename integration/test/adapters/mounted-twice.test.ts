// The same manager's middleware mounted twice (an app-level and a router-level use) must
// act as one: one session, saved once, one Set-Cookie.
import { Hono } from "hono";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { sessionMiddleware as honoSession } from "@sess/core/hono";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveHono, serveKoaLogin, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let store: Counted<MemoryProvider>;
let manager: Manager;
let app: RunningApp;
beforeEach(async () => {
  store = counted(new MemoryProvider());
  manager = await sidManager(store.provider);
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
  app = await serveHono(hono);
  await expectOneCookie();
});

it("Koa: sessionMiddleware mounted twice for one manager loads once and sends one Set-Cookie", async () => {
  app = await serveKoaLogin(koaSession(manager), koaSession(manager));
  await expectOneCookie();
});
