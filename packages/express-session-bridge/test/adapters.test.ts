import { createServer } from "node:http";
import { sessionPlugin } from "@sess/core/fastify";
import session from "express-session";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { bridgePlugin } from "../src/fastify.js";
import { bridgeRequest, expressSessionBridge } from "../src/index.js";
import { describeSession, LEGACY_SECRET, legacyDataFor, legacyServer, sessManager } from "./support/apps.js";
import { close, expires, listen, pairOf, send, setCookieFor } from "./support/http.js";
import { counting } from "./support/counting-store.js";

/** One user logged in under express-session; returns the store, the port and the legacy cookie. */
async function legacyLogin(user: string) {
  const store = new session.MemoryStore();
  const legacy = legacyServer(store);
  const port = await listen(legacy);
  const cookie = pairOf(setCookieFor(await send(port, "POST", `/login/${user}`), "connect.sid")!);
  await close(legacy);
  return { store, port, cookie };
}

function expectMoved(reply: Awaited<ReturnType<typeof send>>, user: string) {
  expect(reply.status).toBe(200);
  const { profile, cart, flash } = legacyDataFor(user);
  expect(reply.json()).toMatchObject({ userId: user, profile, cart, flash });
  expect(expires(setCookieFor(reply, "connect.sid")!)).toBe(true);
  return pairOf(setCookieFor(reply, "sid")!);
}

describe("the bridge under other frameworks", () => {
  it("node:http: bridgeRequest before manager.start moves the session", async () => {
    const { store, port, cookie } = await legacyLogin("ada");
    const manager = await sessManager();
    const legacy = counting(store);
    const bridge = expressSessionBridge(manager, { store: legacy.store, secret: LEGACY_SECRET });
    const server = createServer((req, res) => {
      void (async () => {
        await bridgeRequest(bridge, req, res);
        const s = await manager.start(req, res);
        const body = JSON.stringify(describeSession(s));
        await s.release();
        res.writeHead(200, { "content-type": "application/json" }).end(body);
      })().catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
    await listen(server, port);
    try {
      const sid = expectMoved(await send(port, "GET", "/", cookie), "ada");
      expect((await send(port, "GET", "/", sid)).json()).toMatchObject({ userId: "ada" });
      expect((await send(port, "GET", "/", "theme=dark")).json()).toMatchObject({ userId: null });
      expect(legacy.calls.get).toBe(1);
    } finally {
      await close(server);
      await manager.close();
    }
  });

  it("Fastify: bridgePlugin registered before sessionPlugin moves the session", async () => {
    const { store, port, cookie } = await legacyLogin("grace");
    const manager = await sessManager();
    const bridge = expressSessionBridge(manager, { store, secret: LEGACY_SECRET });
    const app = Fastify();
    await app.register(bridgePlugin, { bridge });
    await app.register(sessionPlugin, { manager });
    app.get("/", async (request) => describeSession(request.session as never));
    await app.listen({ port, host: "127.0.0.1" });
    try {
      const sid = expectMoved(await send(port, "GET", "/", cookie), "grace");
      expect((await send(port, "GET", "/", sid)).json()).toMatchObject({ userId: "grace" });
    } finally {
      await app.close();
      await manager.close();
    }
  });

  it("Fastify: a failing legacy store goes to Fastify's error handler as STORE_UNAVAILABLE", async () => {
    const { store, port, cookie } = await legacyLogin("alan");
    const manager = await sessManager();
    const legacy = counting(store);
    legacy.faults.get = new Error("store down");
    const app = Fastify();
    await app.register(bridgePlugin, { bridge: expressSessionBridge(manager, { store: legacy.store, secret: LEGACY_SECRET }) });
    await app.register(sessionPlugin, { manager });
    app.get("/", async () => ({ ok: true }));
    app.setErrorHandler(async (err: { code?: string }, _request, reply) => reply.code(503).send({ code: err.code }));
    await app.listen({ port, host: "127.0.0.1" });
    try {
      const reply = await send(port, "GET", "/", cookie);
      expect(reply.status).toBe(503);
      expect(reply.json()).toEqual({ code: "STORE_UNAVAILABLE" });
    } finally {
      await app.close();
      await manager.close();
    }
  });
});
