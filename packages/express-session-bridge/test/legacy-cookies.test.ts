import { createHmac } from "node:crypto";
import session from "express-session";
import { afterEach, describe, expect, it } from "vitest";
import { LEGACY_SECRET, legacyServer, sessServer } from "./support/apps.js";
import { counting } from "./support/counting-store.js";
import { close, expires, legacyIdOf, listen, pairOf, send, setCookieFor } from "./support/http.js";
import { legacyPair } from "./support/sign.js";
import { legacyRecord } from "./support/stores.js";

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of servers.splice(0)) await stop();
});

/** Logs one user in under express-session (signing with `secret`) and returns the store and the legacy cookie. */
async function legacyLogin(user: string, secret: string | string[] = LEGACY_SECRET, store: session.Store = new session.MemoryStore()) {
  const legacy = legacyServer(store, secret);
  const port = await listen(legacy);
  const reply = await send(port, "POST", `/login/${user}`);
  await close(legacy);
  return { store, port, cookie: pairOf(setCookieFor(reply, "connect.sid")!) };
}

async function sessOn(store: ReturnType<typeof counting>["store"], port = 0, options: Parameters<typeof sessServer>[1] = {}, managerOptions: Parameters<typeof sessServer>[2] = {}) {
  const app = await sessServer(store as unknown as session.Store, options, managerOptions);
  const bound = await listen(app.server, port);
  servers.push(async () => {
    await close(app.server);
    await app.manager.close();
  });
  return { ...app, port: bound };
}

describe("which legacy cookies are trusted", () => {
  it("calls the legacy store for no request without a legacy cookie", async () => {
    const { store } = await legacyLogin("ada");
    const legacy = counting(store);
    const { port } = await sessOn(legacy.store);
    for (const cookie of [undefined, "theme=dark", "sid=whatever; lang=en", "xconnect.sid=1"]) {
      const reply = await send(port, "GET", "/me", cookie);
      expect(reply.status).toBe(200);
      expect(reply.json()).toMatchObject({ userId: null });
    }
    expect(legacy.calls).toEqual({ get: 0, destroy: 0, set: 0 });
  });

  it("ignores forged, unsigned and foreign-signed legacy cookies: no store call, no move, the cookie left alone", async () => {
    const { store, cookie } = await legacyLogin("ada");
    const legacy = counting(store);
    const { port } = await sessOn(legacy.store);
    const id = legacyIdOf(cookie);
    const value = decodeURIComponent(cookie.slice("connect.sid=".length));
    const forgedSignature = `connect.sid=${encodeURIComponent(`${value.slice(0, -3)}${value.endsWith("AAA") ? "BBB" : "AAA"}`)}`;
    for (const bad of [
      forgedSignature,
      `connect.sid=${id}`, // unsigned: express-session ignores it too
      `connect.sid=s%3A${id}`, // no signature at all
      legacyPair(id, "another application's secret"),
      `connect.sid=${encodeURIComponent(`s:${id}.${createHmac("sha256", LEGACY_SECRET).update(id).digest("hex")}`)}`, // hex, not base64
      "connect.sid=%E0%A4%A", // does not percent-decode
    ]) {
      const reply = await send(port, "GET", "/me", bad);
      expect(reply.status, bad).toBe(200);
      expect(reply.json(), bad).toMatchObject({ userId: null });
      expect(setCookieFor(reply, "connect.sid"), bad).toBeUndefined();
    }
    expect(legacy.calls).toEqual({ get: 0, destroy: 0, set: 0 });
    expect(await legacyRecord(store, id)).toMatchObject({ userId: "ada" });
  });

  it("accepts a cookie signed by an older secret that is still listed, as express-session does, and ignores it once the secret is dropped", async () => {
    const oldSecret = "the secret before rotation";
    const first = await legacyLogin("grace", oldSecret);
    const second = await legacyLogin("alan", oldSecret);
    const listed = await sessOn(counting(first.store).store, 0, { secret: [LEGACY_SECRET, oldSecret] });
    const moved = await send(listed.port, "GET", "/me", first.cookie);
    expect(moved.json()).toMatchObject({ userId: "grace" });
    expect(setCookieFor(moved, "sid")).toBeDefined();

    const dropped = counting(second.store);
    const unlisted = await sessOn(dropped.store, 0, { secret: LEGACY_SECRET });
    const ignored = await send(unlisted.port, "GET", "/me", second.cookie);
    expect(ignored.json()).toMatchObject({ userId: null });
    expect(dropped.calls.get).toBe(0);
  });

  it("reads the legacy cookie under a configured name and expires it on the configured path", async () => {
    const { store, cookie } = await legacyLogin("ada");
    const renamed = cookie.replace(/^connect\.sid=/, "app.sid=");
    const { port } = await sessOn(counting(store).store, 0, { name: "app.sid", cookie: { path: "/app" } });
    const reply = await send(port, "GET", "/me", `connect.sid=ignored; ${renamed}`);
    expect(reply.json()).toMatchObject({ userId: "ada" });
    expect(setCookieFor(reply, "app.sid")).toMatch(/^app\.sid=; Path=\/app; Expires=Thu, 01 Jan 1970/);
  });
});

describe("legacy sessions that are not moved", () => {
  it("does not move a session expired under express-session's rule (cookie.expires), removes it and expires the cookie", async () => {
    const { store, cookie } = await legacyLogin("ada");
    const legacy = counting(store);
    // The new app's clock is two hours ahead: the 1 h legacy cookie.expires has passed
    // (MemoryStore, on the real clock, still returns the session).
    const { port, manager } = await sessOn(legacy.store, 0, {}, { now: () => Date.now() + 2 * 3600_000 });
    const reply = await send(port, "GET", "/me", cookie);
    expect(reply.json()).toMatchObject({ userId: null });
    expect(expires(setCookieFor(reply, "connect.sid")!)).toBe(true);
    expect(setCookieFor(reply, "sid")).toBeUndefined();
    expect(legacy.calls).toMatchObject({ get: 1, destroy: 1 });
    expect(await manager.count()).toBe(0);
  });

  it("fails the request with STORE_UNAVAILABLE when the legacy store fails or hangs, and moves the session on the next request", async () => {
    const { store, cookie } = await legacyLogin("ada");
    const legacy = counting(store);
    const { port } = await sessOn(legacy.store, 0, { timeout: 200 });
    // The app's error handler answers with the error's code.
    legacy.faults.get = new Error("connection refused");
    const failed = await send(port, "GET", "/me", cookie);
    expect(failed.status).toBe(500);
    expect(failed.json()).toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringContaining("connection refused") });
    legacy.faults.get = "hang";
    const started = Date.now();
    expect((await send(port, "GET", "/me", cookie)).json()).toMatchObject({ code: "STORE_UNAVAILABLE", message: expect.stringContaining("200 ms") });
    expect(Date.now() - started).toBeLessThan(2000);
    legacy.faults.get = undefined;
    const reply = await send(port, "GET", "/me", cookie);
    expect(reply.json()).toMatchObject({ userId: "ada" });
  });
});
