// secure: "auto" follows each framework's own view of HTTPS behind a TLS-terminating proxy.
import { createServer } from "node:http";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, type Manager } from "@sess/core";
import { sessionPlugin } from "@sess/core/fastify";
import { sessionMiddleware as honoSession } from "@sess/core/hono";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { listen } from "./support/harness.js";
import "./support/session-data.js";

let trusting: Manager;
beforeEach(async () => {
  trusting = await createManager({ provider: new MemoryProvider(), cookieName: "sid", maxLifetime: 3600, trustProxy: true });
});
afterEach(() => trusting.close());

const https = { "x-forwarded-proto": "https" };
const isSecure = (cookies: string[]) => cookies.some((c) => /; Secure/i.test(c));

it("Fastify: Secure when Fastify's trustProxy says the request was https, not otherwise", async () => {
  for (const trustProxy of [true, false]) {
    const app = Fastify({ trustProxy });
    await app.register(sessionPlugin, { manager: trusting });
    app.post("/", async (request) => request.session.set("visits", 1) && "ok");
    try {
      const res = await app.inject({ method: "POST", url: "/", headers: https });
      const cookies = [res.headers["set-cookie"]].flat().map(String);
      expect(isSecure(cookies)).toBe(trustProxy);
    } finally {
      await app.close();
    }
  }
});

it("Koa: Secure when app.proxy trusts X-Forwarded-Proto, not otherwise", async () => {
  for (const proxy of [true, false]) {
    const app = new Koa({ proxy });
    app.use(koaSession(trusting));
    app.use((ctx) => {
      ctx.session.set("visits", 1);
      ctx.body = "ok";
    });
    const callback = app.callback();
    const server = await listen(createServer((req, res) => void callback(req, res)));
    try {
      const res = await fetch(server.url, { method: "POST", headers: https });
      expect(isSecure(res.headers.getSetCookie())).toBe(proxy);
    } finally {
      await server.close();
    }
  }
});

it("Hono: Secure from the manager's trustProxy and X-Forwarded-Proto, or an https URL", async () => {
  const plain = await createManager({ provider: new MemoryProvider(), cookieName: "sid", maxLifetime: 3600 });
  try {
    const cases: [Manager, string, Record<string, string>, boolean][] = [
      [trusting, "http://app.test/", https, true],
      [plain, "http://app.test/", https, false],
      [plain, "https://app.test/", {}, true],
    ];
    for (const [manager, url, headers, secure] of cases) {
      const app = new Hono();
      app.use(honoSession(manager));
      app.post("/", (c) => c.text(String(c.get("session").set("visits", 1) && "ok")));
      const res = await app.request(url, { method: "POST", headers });
      expect(isSecure(res.headers.getSetCookie())).toBe(secure);
    }
  } finally {
    await plain.close();
  }
});
