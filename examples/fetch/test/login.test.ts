import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { createHandler } from "../src/app.js";
import { toNodeListener } from "../src/node-listener.js";
import { openSessions } from "../src/sessions.js";

let sessions: Manager;
let server: Server;
let base: string;

beforeAll(async () => {
  sessions = await openSessions({ SESS_PROVIDER: "memory" });
  server = createServer(toNodeListener(createHandler(sessions)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await sessions.close();
});

const sid = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("sid="));
const post = (path: string, body: Record<string, string>, cookie = "") =>
  fetch(base + path, { method: "POST", body: new URLSearchParams(body), headers: { cookie }, redirect: "manual" });

it("logs in with a new id, greets the user on every visit, and logs out", async () => {
  const anonymous = await fetch(base + "/");
  expect(await anonymous.text()).toContain('action="/login"');
  expect(anonymous.headers.getSetCookie()).toEqual([]);

  const login = await post("/login", { username: "ann", password: "pw" });
  expect(login.status).toBe(303);
  const cookie = sid(login)!;
  expect(cookie).toMatch(/^sid=./);
  expect(await (await fetch(base + "/", { headers: { cookie } })).text()).toContain("Hello, ann! Visit 1.");
  expect(await (await fetch(base + "/", { headers: { cookie } })).text()).toContain("Hello, ann! Visit 2.");

  // Logging in again from that session issues yet another id.
  const again = await post("/login", { username: "ann", password: "pw" }, cookie);
  expect(sid(again)).not.toBe(cookie);

  const logout = await post("/logout", {}, sid(again));
  expect(logout.status).toBe(303);
  expect(logout.headers.getSetCookie().join()).toMatch(/^sid=;.*Max-Age=0/i);
  expect(await (await fetch(base + "/", { headers: { cookie: sid(again)! } })).text()).toContain('action="/login"');
  expect(await (await fetch(base + "/", { headers: { cookie } })).text()).toContain('action="/login"');
});

it("refuses a login without a password and sets no cookie", async () => {
  const res = await post("/login", { username: "ann", password: "" });
  expect(res.status).toBe(400);
  expect(res.headers.getSetCookie()).toEqual([]);
});

it("runs with no server at all: the handler takes Node's own Request and returns a Response", async () => {
  const handler = createHandler(sessions);
  const login = await handler(new Request("http://app.test/login", { method: "POST", body: new URLSearchParams({ username: "bo", password: "pw" }) }));
  expect(login.status).toBe(303);
  expect(login.headers.get("location")).toBe("http://app.test/");
  const page = await handler(new Request("http://app.test/", { headers: { cookie: sid(login)! } }));
  expect(await page.text()).toContain("Hello, bo! Visit 1.");
});
