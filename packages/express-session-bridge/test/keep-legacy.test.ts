import session from "express-session";
import { describe, expect, it } from "vitest";
import { legacyServer, sessServer } from "./support/apps.js";
import { counting } from "./support/counting-store.js";
import { close, expires, legacyIdOf, listen, pairOf, send, setCookieFor } from "./support/http.js";
import { legacyRecord } from "./support/stores.js";
import { MOVED_FIELD } from "../src/index.js";

describe("keepLegacy", () => {
  it("keeps the legacy record and cookie, so a rollback to express-session keeps the user logged in; a session that moved once never moves again", async () => {
    const store = new session.MemoryStore();
    const legacy = legacyServer(store);
    const port = await listen(legacy);
    const cookie = pairOf(setCookieFor(await send(port, "POST", "/login/ada"), "connect.sid")!);
    await close(legacy);

    const counted = counting(store);
    // joinWindow 0: the logout below comes at once; within the window a legacy cookie joins
    // the moved session (destroyed by then, so it gets a fresh one: tested in parallel.test.ts).
    const app = await sessServer(counted.store as unknown as session.Store, { keepLegacy: true, joinWindow: 0 });
    await listen(app.server, port);
    const moved = await send(port, "GET", "/me", cookie);
    expect(moved.json()).toMatchObject({ userId: "ada" });
    expect(setCookieFor(moved, "connect.sid")).toBeUndefined();
    const sid = pairOf(setCookieFor(moved, "sid")!);
    expect(await legacyRecord(store, legacyIdOf(cookie))).toMatchObject({ userId: "ada", [MOVED_FIELD]: expect.any(Number) });
    // Both cookies from now on: the sess cookie wins and the legacy store is not asked.
    const calls = counted.calls.get;
    const both = await send(port, "GET", "/me", `${cookie}; ${sid}`);
    expect(both.json()).toMatchObject({ userId: "ada" });
    expect(counted.calls.get).toBe(calls);
    await close(app.server);

    // Rollback: the old app over the same store still knows the user.
    const rolledBack = legacyServer(store);
    await listen(rolledBack, port);
    expect((await send(port, "GET", "/me", cookie)).json()).toMatchObject({ userId: "ada" });
    await close(rolledBack);

    // Forward again; the user logs out under sess; the kept legacy cookie must not log them back in.
    await listen(app.server, port);
    expect((await send(port, "POST", "/logout", `${cookie}; ${sid}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = await send(port, "GET", "/me", cookie);
    expect(after.json()).toMatchObject({ userId: null });
    expect(expires(setCookieFor(after, "connect.sid")!)).toBe(true);
    await close(app.server);
    await app.manager.close();
  });
});
