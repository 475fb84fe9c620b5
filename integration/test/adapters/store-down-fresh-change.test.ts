// storeDown: "fresh" serves a detached session while the store cannot be read. A change
// the handler makes to it can never be stored: under an adapter the request must fail
// (the framework's error path), not answer 200 as if saved (issue 21, defect 10).
import { createServer } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import Koa from "koa";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, isSessError, type Manager, SessErrorCode } from "@sess/core";
import { sessionMiddleware as expressSession } from "@sess/core/express";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { call } from "./support/http-client.js";
import { listen, type RunningApp } from "./support/harness.js";
import "./support/session-data.js";

let store: Counted<MemoryProvider>;
let manager: Manager;
let app: RunningApp;
let seen: unknown[];
beforeEach(async () => {
  seen = [];
  store = counted(new MemoryProvider());
  manager = await createManager({ provider: store.provider, cookieName: "sid", maxLifetime: 3600, storeDown: "fresh", onError: () => {} });
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

async function expectOutageFlow(): Promise<void> {
  const login = await call(`${app.url}/login`, { method: "POST" });
  expect(login.sid).toBeDefined();
  store.failing.add("read");
  const read = await call(`${app.url}/`, { cookie: login.sid });
  expect(read.status).toBe(200);
  expect(read.body).toBe("nobody");
  const change = await call(`${app.url}/login`, { method: "POST", cookie: login.sid });
  expect(change.status).toBe(503);
  expect(change.setCookies).toEqual([]);
  expect(seen.some((err) => isSessError(err, SessErrorCode.STORE_UNAVAILABLE))).toBe(true);
  store.failing.delete("read");
  expect((await call(`${app.url}/`, { cookie: login.sid })).body).toBe("ann");
}

it('Express, storeDown: "fresh": a change to the detached session fails the request with STORE_UNAVAILABLE', async () => {
  const server = express();
  server.use(expressSession(manager));
  server.post("/login", (req, res) => {
    req.session.set("username", "ann");
    res.send("ok");
  });
  server.get("/", (req, res) => {
    res.send(req.session.get("username") ?? "nobody");
  });
  server.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    seen.push(err);
    res.status(503).send("store down");
  });
  app = await listen(createServer(server));
  await expectOutageFlow();
});

it('Koa, storeDown: "fresh": a change to the detached session fails the request with STORE_UNAVAILABLE', async () => {
  const koa = new Koa();
  koa.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      seen.push(err);
      ctx.status = 503;
      ctx.body = "store down";
    }
  });
  koa.use(koaSession(manager));
  koa.use(async (ctx) => {
    if (ctx.path === "/login") {
      ctx.session.set("username", "ann");
      ctx.body = "ok";
    } else ctx.body = ctx.session.get("username") ?? "nobody";
  });
  const callback = koa.callback();
  app = await listen(createServer((req, res) => void callback(req, res)));
  await expectOutageFlow();
});
