// Express with the cookie provider (the session is sealed in the cookie): a handler that
// streams after a change (res.write, res.sendFile, a pipe) writes the headers before the
// middleware's release; the change must be sealed into the cookie of those headers
// (issue 21, defect 3).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { sealedProvider } from "./support/providers.js";
import { serveExpressLogin, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sess-sealed-stream-"));
  await writeFile(join(dir, "page.txt"), "file body");
  manager = await sidManager(sealedProvider());
  app = await serveExpressLogin(manager, {
    routes: (server) => {
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
    },
  });
});
afterEach(async () => {
  await app.close();
  await manager.close();
  await rm(dir, { recursive: true, force: true });
});

for (const [route, what, body] of [
  ["write", "res.write", "part one, part two"],
  ["file", "res.sendFile", "file body"],
  ["pipe", "a pipe into res", "piped body"],
] as const) {
  it(`Express + cookie provider: a change before ${what} is sealed into that response's cookie`, async () => {
    const answer = await call(`${app.url}/${route}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(body);
    expect(answer.sid).toBeDefined();
    expect((await call(`${app.url}/`, { cookie: answer.sid })).body).toBe(route);
  });
}
