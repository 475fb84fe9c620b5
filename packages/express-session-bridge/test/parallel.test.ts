import { setTimeout as delay } from "node:timers/promises";
import session from "express-session";
import { afterAll, describe, expect, it } from "vitest";
import { legacyServer, sessServer } from "./support/apps.js";
import { counting } from "./support/counting-store.js";
import { close, expires, listen, pairOf, send, setCookieFor } from "./support/http.js";
import { memoryCase, redisCase } from "./support/stores.js";

for (const storeCase of [memoryCase(), redisCase()]) {
  describe(`parallel requests with one legacy cookie (${storeCase.name})`, () => {
    afterAll(() => storeCase.cleanup());

    it("end in one sess session holding every request's change, and a late request joins it", async () => {
      const opened = await storeCase.open();
      const legacy = legacyServer(opened.store);
      const port = await listen(legacy);
      const cookie = pairOf(setCookieFor(await send(port, "POST", "/login/ada"), "connect.sid")!);
      await close(legacy);
      // A slow legacy store widens the window in which the requests overlap.
      const slow = counting(opened.store);
      const get = slow.store.get.bind(slow.store);
      slow.store.get = (sid, callback) => void delay(50).then(() => get(sid, callback));
      const app = await sessServer(slow.store as unknown as session.Store, {}, {});
      await listen(app.server, port);
      try {
        // A page and its XHRs: eight requests at once, each setting a key of its own.
        const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => send(port, "POST", `/set/k${i}`, cookie)));
        expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
        const ids = new Set(replies.map((r) => r.json<{ id: string }>().id));
        expect(ids.size).toBe(1);
        const cookies = new Set(replies.map((r) => pairOf(setCookieFor(r, "sid")!)));
        expect(cookies.size).toBe(1);
        for (const reply of replies) expect(expires(setCookieFor(reply, "connect.sid")!)).toBe(true);
        expect(slow.calls.get).toBe(1);
        expect(await app.manager.count()).toBe(1);
        const [sid] = cookies;
        const me = (await send(port, "GET", "/me", sid)).json<{ keys: string[]; userId: string }>();
        expect(me.userId).toBe("ada");
        expect(me.keys).toEqual(["cart", "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "profile", "userId"]);
        // A request sent before the browser saw the first answers still carries only the legacy cookie.
        const late = await send(port, "GET", "/me", cookie);
        expect(pairOf(setCookieFor(late, "sid")!)).toBe(sid);
        expect(late.json()).toMatchObject({ userId: "ada" });
        expect(slow.calls.get).toBe(1);
      } finally {
        await close(app.server);
        await app.manager.close();
        await opened.close();
      }
    });
  });
}

describe("a legacy cookie replayed after the moved session was destroyed", () => {
  it("gets a fresh session, never the legacy data again", async () => {
    const store = new session.MemoryStore();
    const legacy = legacyServer(store);
    const port = await listen(legacy);
    const cookie = pairOf(setCookieFor(await send(port, "POST", "/login/ada"), "connect.sid")!);
    await close(legacy);
    const app = await sessServer(store);
    await listen(app.server, port);
    try {
      const sid = pairOf(setCookieFor(await send(port, "GET", "/me", cookie), "sid")!);
      expect((await send(port, "POST", "/logout", sid)).status).toBe(200);
      // Within the join window (it joins the destroyed session) and, with joinWindow 0, after it.
      const replay = await send(port, "GET", "/me", cookie);
      expect(replay.json()).toMatchObject({ userId: null, keys: [] });
      expect(expires(setCookieFor(replay, "connect.sid")!)).toBe(true);
      expect(await app.manager.count()).toBe(0);
    } finally {
      await close(app.server);
      await app.manager.close();
    }
  });
});

describe("a handler that regenerates on the request that moves the session", () => {
  it("sends the regenerated id's cookie last, so the browser keeps it, and the moved data stays", async () => {
    const store = new session.MemoryStore();
    const legacy = legacyServer(store);
    const port = await listen(legacy);
    const cookie = pairOf(setCookieFor(await send(port, "POST", "/login/ada"), "connect.sid")!);
    await close(legacy);
    const app = await sessServer(store);
    await listen(app.server, port);
    try {
      const reply = await send(port, "POST", "/relogin", cookie);
      const { id } = reply.json<{ id: string }>();
      const sid = setCookieFor(reply, "sid")!;
      expect(pairOf(sid).startsWith(`sid=${id}.`)).toBe(true);
      expect((await send(port, "GET", "/me", pairOf(sid))).json()).toMatchObject({ userId: "ada" });
      expect(await app.manager.count()).toBe(1);
    } finally {
      await close(app.server);
      await app.manager.close();
    }
  });
});
