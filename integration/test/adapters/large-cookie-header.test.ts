// A server that raised Node's maxHeaderSize accepts Cookie headers over 16 KiB: the
// session in such a header must still be found, not silently ignored (issue 21, defect 8).
import { createServer } from "node:http";
import express from "express";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, type Manager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import { MemoryProvider } from "@sess/provider-memory";
import { call } from "./support/http-client.js";
import { listen, type RunningApp } from "./support/harness.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;

beforeEach(async () => {
  manager = await createManager({ provider: new MemoryProvider(), cookieName: "sid", maxLifetime: 3600, onError: () => {} });
  const server = express();
  server.use(sessionMiddleware(manager));
  server.post("/login", (req, res) => {
    req.session.set("username", "ann");
    res.send("ok");
  });
  server.get("/", (req, res) => {
    res.send(req.session.get("username") ?? "nobody");
  });
  app = await listen(createServer({ maxHeaderSize: 64 * 1024 }, server));
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

it("Express on a server with maxHeaderSize 64 KiB: the session in a 24 KiB Cookie header is found", async () => {
  const login = await call(`${app.url}/login`, { method: "POST" });
  const others = Array.from({ length: 24 }, (_, i) => `pref${i}=${"x".repeat(1000)}`).join("; ");
  expect(others.length).toBeGreaterThan(16 * 1024);
  for (const cookie of [`${others}; ${login.sid!}`, `${login.sid!}; ${others}`]) {
    const answer = await call(`${app.url}/`, { cookie });
    expect(answer.body).toBe("ann");
    expect(answer.setCookies).toEqual([]);
  }
});
