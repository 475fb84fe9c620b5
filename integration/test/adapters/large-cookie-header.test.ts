// A server that raised Node's maxHeaderSize accepts Cookie headers over 16 KiB: the
// session in such a header must still be found, not silently ignored (issue 21, defect 8).
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveExpressLogin, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;

beforeEach(async () => {
  manager = await sidManager();
  app = await serveExpressLogin(manager, { server: { maxHeaderSize: 64 * 1024 } });
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
