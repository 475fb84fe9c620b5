import { createServer, type Server } from "node:http";
import { afterAll, beforeAll } from "vitest";
import type { Manager } from "@sess/core";
import { baseUrl, closeServer, loginFlowTests } from "@sess/test-support/login-flow";
import { createApp } from "../src/app.js";
import { openSessions } from "../src/sessions.js";

let sessions: Manager;
let server: Server;
let base: string;

beforeAll(async () => {
  sessions = await openSessions({ SESS_PROVIDER: "memory" });
  const callback = createApp(sessions).callback();
  server = createServer((req, res) => void callback(req, res)).listen(0, "127.0.0.1");
  base = await baseUrl(server);
});
afterAll(async () => {
  await closeServer(server);
  await sessions.close();
});

loginFlowTests({ base: () => base, count: () => sessions.count() });
