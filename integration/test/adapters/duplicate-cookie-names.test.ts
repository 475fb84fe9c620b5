// A foreign cookie of the session's name (a sibling app on the parent domain, a stale
// cookie with a longer Path) sent before the valid one must neither hide the session nor
// get the valid cookie expired (issue 21, defect 4).
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveExpressLogin, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;

beforeEach(async () => {
  manager = await sidManager(undefined, { secrets: ["a secret of at least thirty-two characters"] });
  app = await serveExpressLogin(manager);
});
afterEach(async () => {
  await app.close();
  await manager.close();
});

it("Express: a foreign sid before the valid one still opens the session and expires no cookie", async () => {
  const login = await call(`${app.url}/login`, { method: "POST" });
  expect(login.sid).toBeDefined();
  for (const cookie of [`sid=another-apps-value; ${login.sid!}`, `theme=dark; sid="foreign"; lang=en; ${login.sid!}`]) {
    const answer = await call(`${app.url}/`, { cookie });
    expect(answer.body).toBe("ann");
    expect(answer.setCookies).toEqual([]);
  }
});

it("Express: several sid cookies none of which verifies get a fresh session and no expiring cookie", async () => {
  const answer = await call(`${app.url}/`, { cookie: "sid=one-foreign; sid=another-foreign" });
  expect(answer.body).toBe("nobody");
  expect(answer.setCookies).toEqual([]);
});

it("Express: a single sid this server did not issue is still expired", async () => {
  const answer = await call(`${app.url}/`, { cookie: "sid=forged" });
  expect(answer.body).toBe("nobody");
  expect(answer.sid).toBe("sid=");
});
