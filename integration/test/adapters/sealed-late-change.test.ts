// With the cookie provider the cookie is the session: once a streamed response's headers
// are out, a change can reach the client in no cookie, so set() must throw HEADERS_SENT
// at once rather than be accepted and lost.
import { afterEach, beforeEach, expect, it } from "vitest";
import { isSessError, type Manager, SessErrorCode } from "@sess/core";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { sealedProvider } from "./support/providers.js";
import { serveExpressLogin, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;
let seen: unknown[];
beforeEach(async () => {
  seen = [];
  manager = await sidManager(sealedProvider());
  app = await serveExpressLogin(manager, {
    routes: (server) =>
      server.get("/stream", (req, res) => {
        res.write("first part, ");
        try {
          req.session.set("username", "changed mid-stream");
        } catch (err) {
          seen.push(err);
        }
        res.end("second part");
      }),
  });
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

it("Express + cookie provider: set() on an existing session after res.write() throws HEADERS_SENT; the stream completes", async () => {
  const login = await call(`${app.url}/login`, { method: "POST" });
  const stream = await call(`${app.url}/stream`, { cookie: login.sid });
  expect(stream.body).toBe("first part, second part");
  expect(seen).toHaveLength(1);
  expect(isSessError(seen[0], SessErrorCode.HEADERS_SENT)).toBe(true);
  expect((await call(`${app.url}/`, { cookie: login.sid })).body).toBe("ann");
});
