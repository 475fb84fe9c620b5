// storeDown: "fresh" serves a detached session while the store cannot be read. A change
// the handler makes to it can never be stored: under an adapter the request must fail
// (the framework's error path), not answer 200 as if saved (issue 21, defect 10).
import type { NextFunction, Request, Response } from "express";
import { afterEach, beforeEach, expect, it } from "vitest";
import { isSessError, type Manager, SessErrorCode } from "@sess/core";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveExpressLogin, serveKoaLogin, sidManager } from "./support/serve.js";
import { answerErrors } from "./support/koa-error-answer.js";
import "./support/session-data.js";

let store: Counted<MemoryProvider>;
let manager: Manager;
let app: RunningApp;
let seen: unknown[];
beforeEach(async () => {
  seen = [];
  store = counted(new MemoryProvider());
  manager = await sidManager(store.provider, { storeDown: "fresh" });
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
  app = await serveExpressLogin(manager, {
    onError: (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      seen.push(err);
      res.status(503).send("store down");
    },
  });
  await expectOutageFlow();
});

it('Koa, storeDown: "fresh": a change to the detached session fails the request with STORE_UNAVAILABLE', async () => {
  app = await serveKoaLogin(answerErrors(503, "store down", seen), koaSession(manager));
  await expectOutageFlow();
});
