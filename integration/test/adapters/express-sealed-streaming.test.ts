// Express with the cookie provider (the session is sealed in the cookie): a handler that
// streams after a change (res.write, res.sendFile, a pipe) writes the headers before the
// middleware's release; the change must be sealed into the cookie of those headers
// (issue 21, defect 3).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import express from "express";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, type Manager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import { call } from "./support/http-client.js";
import { listen, type RunningApp } from "./support/harness.js";
import { sealedProvider } from "./support/providers.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sess-sealed-stream-"));
  await writeFile(join(dir, "page.txt"), "file body");
  manager = await createManager({ provider: sealedProvider(), cookieName: "sid", maxLifetime: 3600, onError: () => {} });
  const server = express();
  server.use(sessionMiddleware(manager));
  server.get("/write", (req, res) => {
    req.session.set("username", "write");
    res.write("part one, ");
    res.end("part two");
  });
  server.get("/file", (req, res) => {
    req.session.set("username", "file");
    res.sendFile(join(dir, "page.txt"));
  });
  server.get("/pipe", (req, res) => {
    req.session.set("username", "pipe");
    Readable.from(["piped ", "body"]).pipe(res);
  });
  server.get("/", (req, res) => {
    res.send(req.session.get("username") ?? "nobody");
  });
  app = await listen(createServer(server));
});
afterEach(async () => {
  await app.close();
  await manager.close();
  await rm(dir, { recursive: true, force: true });
});

for (const [route, body] of [
  ["write", "part one, part two"],
  ["file", "file body"],
  ["pipe", "piped body"],
] as const) {
  it(`Express + cookie provider: a change before ${route === "write" ? "res.write" : route === "file" ? "res.sendFile" : "a pipe into res"} is sealed into that response's cookie`, async () => {
    const answer = await call(`${app.url}/${route}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(body);
    expect(answer.sid).toBeDefined();
    expect((await call(`${app.url}/`, { cookie: answer.sid })).body).toBe(route);
  });
}
