// Koa's usual error handling: a `try { await next() } catch` middleware above sess answers
// the error itself, so Koa's ctx.onerror (and err.headers) never runs. The session's cookie
// must still reach the client with that answer (issue 21, defect 1).
import Koa from "koa";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveKoa, sidManager } from "./support/serve.js";
import { answerErrors } from "./support/koa-error-answer.js";
import "./support/session-data.js";

let store: Counted<MemoryProvider>;
let manager: Manager;
let app: RunningApp;

beforeEach(async () => {
  store = counted(new MemoryProvider());
  manager = await sidManager(store.provider);
  const koa = new Koa();
  koa.silent = true;
  koa.use(answerErrors(500, "failed"));
  koa.use(sessionMiddleware(manager));
  koa.use(async (ctx) => {
    if (ctx.path === "/login") {
      await ctx.session.regenerate();
      ctx.session.set("username", "ann");
      throw new Error("the page failed after the login");
    }
    if (ctx.path === "/guest") {
      ctx.session.set("theme", "dark");
      throw new Error("the page failed after the change");
    }
    ctx.body = ctx.session.get("username") ?? ctx.session.get("theme") ?? "nobody";
  });
  app = await serveKoa(koa);
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

it("Koa: after regenerate() + set() and an error an outer middleware answers, the new cookie reaches the client", async () => {
  const first = await call(`${app.url}/guest`);
  expect(first.status).toBe(500);
  expect(first.sid).toBeDefined();
  const login = await call(`${app.url}/login`, { cookie: first.sid });
  expect(login.status).toBe(500);
  expect(login.sid).toBeDefined();
  expect(login.sid).not.toBe(first.sid);
  expect((await call(`${app.url}/`, { cookie: login.sid })).body).toBe("ann");
});

it("Koa: a guest's change before an error an outer middleware answers is stored with its cookie, never an orphan", async () => {
  const answer = await call(`${app.url}/guest`);
  expect(answer.status).toBe(500);
  expect(await manager.count()).toBe(1);
  expect(answer.sid).toBeDefined();
  expect((await call(`${app.url}/`, { cookie: answer.sid })).body).toBe("dark");
});
