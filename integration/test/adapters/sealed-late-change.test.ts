// With the cookie provider the cookie is the session: once a streamed response's headers
// are out, a change can reach the client in no cookie, so set() must throw HEADERS_SENT
// at once rather than be accepted and lost.
import { createServer } from "node:http";
import express from "express";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, isSessError, type Manager, SessErrorCode } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import { call } from "./support/http-client.js";
import { listen, type RunningApp } from "./support/harness.js";
import { sealedProvider } from "./support/providers.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;
let seen: unknown[];
beforeEach(async () => {
  seen = [];
  manager = await createManager({ provider: sealedProvider(), cookieName: "sid", maxLifetime: 3600, onError: () => {} });
  const server = express();
  server.use(sessionMiddleware(manager));
  server.post("/login", (req, res) => {
    req.session.set("username", "ann");
    res.send("ok");
  });
  server.get("/stream", (req, res) => {
    res.write("first part, ");
    try {
      req.session.set("username", "changed mid-stream");
    } catch (err) {
      seen.push(err);
    }
    res.end("second part");
  });
  server.get("/", (req, res) => {
    res.send(req.session.get("username") ?? "nobody");
  });
  app = await listen(createServer(server));
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
