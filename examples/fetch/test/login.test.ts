import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { baseUrl, closeServer, cookieOf, loginFlowTests } from "@sess/test-support/login-flow";
import { createHandler } from "../src/app.js";
import { toNodeListener } from "../src/node-listener.js";
import { openSessions } from "../src/sessions.js";

let sessions: Manager;
let server: Server;
let base: string;

beforeAll(async () => {
  sessions = await openSessions({ SESS_PROVIDER: "memory" });
  server = createServer(toNodeListener(createHandler(sessions))).listen(0, "127.0.0.1");
  base = await baseUrl(server);
});
afterAll(async () => {
  await closeServer(server);
  await sessions.close();
});

loginFlowTests({ base: () => base, count: () => sessions.count() });

it("runs with no server at all: the handler takes Node's own Request and returns a Response", async () => {
  const handler = createHandler(sessions);
  const login = await handler(new Request("http://app.test/login", { method: "POST", body: new URLSearchParams({ username: "bo", password: "pw" }) }));
  expect(login.status).toBe(303);
  expect(login.headers.get("location")).toBe("http://app.test/");
  const page = await handler(new Request("http://app.test/", { headers: { cookie: cookieOf(login)! } }));
  expect(await page.text()).toContain("Hello, bo! Visit 1.");
});
