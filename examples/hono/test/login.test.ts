import { serve } from "@hono/node-server";
import { afterAll, beforeAll } from "vitest";
import type { Manager } from "@sess/core";
import { baseUrl, closeServer, loginFlowTests } from "@sess/test-support/login-flow";
import { createApp } from "../src/app.js";
import { openSessions } from "../src/sessions.js";

let sessions: Manager;
let server: ReturnType<typeof serve>;
let base: string;

beforeAll(async () => {
  sessions = await openSessions({ SESS_PROVIDER: "memory" });
  server = serve({ fetch: createApp(sessions).fetch, port: 0, hostname: "127.0.0.1" });
  base = await baseUrl(server);
});
afterAll(async () => {
  await closeServer(server);
  await sessions.close();
});

loginFlowTests({ base: () => base, count: () => sessions.count() });
