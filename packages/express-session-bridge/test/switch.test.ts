import { afterAll, describe, expect, it } from "vitest";
import { legacyDataFor, legacyServer, sessServer, LEGACY_SECRET } from "./support/apps.js";
import { close, expires, legacyIdOf, listen, pairOf, send, setCookieFor } from "./support/http.js";
import { legacyPair } from "./support/sign.js";
import { fileCase, legacyRecord, memoryCase, mysqlCase, postgresCase, redisCase, type StoreCase } from "./support/stores.js";

const USERS = Array.from({ length: 100 }, (_, i) => `user${i}`);

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

/** The old app logs everyone in, then stops; returns the port it used and each user's legacy cookie. */
async function loginUnderExpressSession(storeCase: StoreCase) {
  const old = await storeCase.open();
  const legacy = legacyServer(old.store);
  const port = await listen(legacy);
  const cookies = new Map<string, string>();
  await inBatches(USERS, 10, async (user) => {
    const reply = await send(port, "POST", `/login/${user}`);
    expect(reply.status).toBe(200);
    cookies.set(user, pairOf(setCookieFor(reply, "connect.sid")!));
  });
  expect((await send(port, "GET", "/me", cookies.get("user7"))).json().userId).toBe("user7");
  await close(legacy);
  await old.close();
  return { port, cookies };
}

for (const storeCase of [memoryCase(), redisCase(), postgresCase(), mysqlCase(), fileCase()]) {
  describe(`switching from express-session over ${storeCase.name}`, () => {
    afterAll(() => storeCase.cleanup());

    it("keeps all 100 users logged in with their data and flashes, moves them to a sess cookie and removes the legacy records", async () => {
      const { port, cookies } = await loginUnderExpressSession(storeCase);
      const next = await storeCase.open();
      const { server, manager } = await sessServer(next.store);
      await listen(server, port);
      try {
        await inBatches(USERS, 10, async (user) => {
          const legacyCookie = cookies.get(user)!;
          const reply = await send(port, "GET", "/me", legacyCookie);
          expect(reply.status).toBe(200);
          const { profile, cart, flash } = legacyDataFor(user);
          expect(reply.json()).toEqual({ userId: user, profile, cart, flash, subject: user, keys: ["cart", "profile", "userId"] });
          expect(expires(setCookieFor(reply, "connect.sid")!)).toBe(true);
          const sid = setCookieFor(reply, "sid")!;
          expect(sid).toMatch(/HttpOnly/);
          expect(expires(sid)).toBe(false);
          expect(await legacyRecord(next.store, legacyIdOf(legacyCookie))).toBeFalsy();
          // The browser dropped connect.sid: the next request carries only the sess cookie.
          const again = await send(port, "GET", "/me", pairOf(sid));
          expect(again.json()).toMatchObject({ userId: user, profile, cart, flash: { info: [], error: [] } });
          expect(again.setCookies.filter((c) => c.startsWith("connect.sid="))).toEqual([]);
        });
        expect(await manager.count()).toBe(100);
        expect(await manager.countSessions("user42")).toBe(1);

        // A correctly signed cookie whose record does not exist (collected, or never stored)
        // gives a fresh session and loses the legacy cookie.
        const unknown = await send(port, "GET", "/me", legacyPair("no-such-session-id", LEGACY_SECRET));
        expect(unknown.status).toBe(200);
        expect(unknown.json()).toMatchObject({ userId: null });
        expect(expires(setCookieFor(unknown, "connect.sid")!)).toBe(true);
        expect(setCookieFor(unknown, "sid")).toBeUndefined();
      } finally {
        await close(server);
        await manager.close();
        await next.close();
      }
    }, 120_000);
  });
}
