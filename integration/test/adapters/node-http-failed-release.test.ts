// node:http: the handler releases itself and the cookie is added at writeHead. When that
// release's write rejected, the response must carry no cookie naming a record that was
// never stored (the rule: never a cookie without its record).
import { createServer } from "node:http";
import { afterEach, beforeEach, expect, it } from "vitest";
import { isSessError, type Manager, SessErrorCode } from "@sess/core";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { call } from "./support/http-client.js";
import { listen, type RunningApp } from "./support/harness.js";
import { sidManager } from "./support/serve.js";
import "./support/session-data.js";

let store: Counted<MemoryProvider>;
let manager: Manager;
let app: RunningApp;
beforeEach(async () => {
  store = counted(new MemoryProvider());
  manager = await sidManager(store.provider);
  app = await listen(
    createServer((req, res) => {
      void (async () => {
        const session = await manager.start(req, res);
        session.set("username", "ann");
        try {
          await session.release();
          res.end("ok");
        } catch (err) {
          res.statusCode = 503;
          res.end(isSessError(err) ? err.code : "error");
        }
      })();
    }),
  );
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

it("node:http: a 503 after a rejected release carries no session cookie; the next success does", async () => {
  store.failing.add("write");
  const failed = await call(`${app.url}/`);
  expect(failed.status).toBe(503);
  expect(failed.body).toBe(SessErrorCode.STORE_UNAVAILABLE);
  expect(failed.sid).toBeUndefined();
  store.failing.delete("write");
  const saved = await call(`${app.url}/`);
  expect(saved.status).toBe(200);
  expect(saved.sid).toBeDefined();
});
