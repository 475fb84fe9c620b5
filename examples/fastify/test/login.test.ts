import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { createApp } from "../src/app.js";
import { openSessions } from "../src/sessions.js";

const sid = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("sid="));

// The same flow on the memory provider and on Redis (a key prefix of its own, removed afterwards).
const providers: [string, () => NodeJS.ProcessEnv][] = [
  ["memory", () => ({ SESS_PROVIDER: "memory" })],
  ["redis", () => ({ SESS_PROVIDER: "redis", SESS_PROVIDER_CONFIG: JSON.stringify({ url: redisUrl(), prefix }) })],
];
const prefix = uniquePrefix();

describe.each(providers)("the Fastify login app on %s", (name, env) => {
  let sessions: Manager;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    sessions = await openSessions(env());
    app = await createApp(sessions);
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app.close();
    await sessions.close();
    if (name === "redis") await deleteKeysWithPrefix(prefix, redisUrl());
  });

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
    expect(await sessions.count()).toBe(1);
    expect(await (await fetch(base + "/", { headers: { cookie } })).text()).toContain("Hello, ann! Visit 1.");
    expect(await (await fetch(base + "/", { headers: { cookie } })).text()).toContain("Hello, ann! Visit 2.");

    const again = await post("/login", { username: "ann", password: "pw" }, cookie);
    expect(sid(again)).not.toBe(cookie);

    const logout = await post("/logout", {}, sid(again));
    expect(logout.status).toBe(303);
    expect(logout.headers.getSetCookie().join()).toMatch(/^sid=;.*Max-Age=0/i);
    expect(await (await fetch(base + "/", { headers: { cookie: sid(again)! } })).text()).toContain('action="/login"');
    expect(await (await fetch(base + "/", { headers: { cookie } })).text()).toContain('action="/login"');
    expect(await sessions.count()).toBe(0);
  });

  it("refuses a login without a password and sets no cookie", async () => {
    const res = await post("/login", { username: "ann", password: "" });
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
