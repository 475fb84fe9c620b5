// Every framework adapter against the real framework over real HTTP: the login flow,
// redirects after a change, store failures, the cost of a route that ignores the
// session, and two managers (memory + Redis) in one request.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SessErrorCode } from "@sess/core";
import { isExpiring, type JarResponse } from "../support/cookie-jar.js";
import { adapterCases } from "./support/adapters.js";
import { type AdapterHarness, startHarness } from "./support/harness.js";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on("unhandledRejection", onUnhandled));
afterAll(() => process.off("unhandledRejection", onUnhandled));

const cookieOf = (res: JarResponse, name: string) => res.setCookies.find((c) => c.name === name);

describe.each(adapterCases)("$name adapter", ({ factory, untouchedReads }) => {
  let app: AdapterHarness;
  beforeEach(async () => {
    unhandled.length = 0;
    app = await startHarness(factory);
  });
  afterEach(async () => {
    await app.close();
    // A rejection nobody handled surfaces on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  async function login(username = "ann") {
    const browser = app.browser();
    const res = await browser.post("/login", { username, password: "secret" });
    expect(res.status).toBe(303);
    return browser;
  }

  it("login regenerates the id, the page greets the user, logout expires the cookie", async () => {
    const browser = app.browser();
    const anonymous = await browser.get_("/");
    expect(anonymous.body).toBe("please log in");
    expect(anonymous.setCookies).toEqual([]);
    expect((await browser.post("/login", { username: "ann", password: "wrong" })).status).toBe(401);

    // A session that exists before login: its id must not survive the login.
    await browser.fetch("/both?item=book", { method: "POST" });
    const before = browser.get("sid");
    expect(before).toBeDefined();
    const loggedIn = await browser.post("/login", { username: "ann", password: "secret" });
    expect(loggedIn.status).toBe(303);
    expect(loggedIn.headers.get("location")).toMatch(/\/$/);
    const after = browser.get("sid");
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect((await browser.get_("/")).body).toBe("hello, ann (visit 1)");
    expect((await browser.get_("/")).body).toBe("hello, ann (visit 2)");

    const stale = app.browser();
    stale.set("sid", before!);
    expect((await stale.get_("/me")).body).toBe("nobody");

    const logout = await browser.post("/logout");
    expect(logout.status).toBe(303);
    const expired = cookieOf(logout, "sid");
    expect(expired && isExpiring(expired)).toBe(true);
    expect(browser.get("sid")).toBeUndefined();
    const replay = app.browser();
    replay.set("sid", after!);
    expect((await replay.get_("/")).body).toBe("please log in");
  });

  it("a redirect right after a change is followed by a request that sees it, with a slow store", async () => {
    const browser = await login();
    app.store.slow.set("write", 150);
    const writes = app.store.calls.get("write") ?? 0;
    const res = await browser.fetch("/rename?to=bob", { method: "POST" });
    expect(res.status).toBe(303);
    // The response waited for the write.
    expect(app.store.calls.get("write")).toBe(writes + 1);
    expect((await browser.get_(res.headers.get("location")!)).body).toBe("bob");
  });

  it("a failed store write reaches the framework's error handling for that request", async () => {
    const browser = await login();
    app.store.failing.add("write");
    const res = await browser.fetch("/rename?to=bob", { method: "POST" });
    expect(res.status).toBe(500);
    expect(app.errors).toEqual([expect.objectContaining({ code: SessErrorCode.STORE_UNAVAILABLE })]);
    app.store.failing.clear();
    expect((await browser.get_("/me")).body).toBe("ann");
    expect((await browser.fetch("/rename?to=bob", { method: "POST" })).status).toBe(303);
    expect((await browser.get_("/me")).body).toBe("bob");
  });

  it("a failed store read reaches the framework's error handling for that request", async () => {
    const browser = await login();
    app.store.failing.add("read");
    const res = await browser.get_("/me");
    expect(res.status).toBe(500);
    expect(app.errors).toEqual([expect.objectContaining({ code: SessErrorCode.STORE_UNAVAILABLE })]);
    // The manager's onError hears of it too (storeDown: "fail", the default, then rethrows).
    expect(app.reported).toEqual([expect.objectContaining({ code: SessErrorCode.STORE_UNAVAILABLE })]);
  });

  it(`a route that never touches the session: no store call without a cookie, ${untouchedReads} read with one`, async () => {
    const stranger = app.browser();
    const first = await stranger.get_("/health");
    expect(first.body).toBe("ok");
    expect(first.setCookies).toEqual([]);
    expect(app.store.total()).toBe(0);

    const browser = await login();
    app.store.reset();
    const res = await browser.get_("/health");
    expect(res.body).toBe("ok");
    expect(res.setCookies).toEqual([]);
    expect(Object.fromEntries(app.store.calls)).toEqual(untouchedReads ? { read: 1 } : {});
  });

  it("a Set-Cookie the app sets itself goes out beside the session's", async () => {
    const browser = app.browser();
    const res = await browser.fetch("/theme", { method: "POST" });
    expect(res.body).toBe("themed");
    expect(res.setCookies.map((c) => c.name).sort()).toEqual(["sid", "theme"]);
    expect(browser.get("theme")).toBe("dark");
  });

  it("two managers (memory and Redis, different cookies) are both saved in one request", async () => {
    const browser = await login();
    app.store.slow.set("write", 100);
    const first = await browser.fetch("/both?item=book", { method: "POST" });
    expect(JSON.parse(first.body)).toEqual({ visits: 1, cart: ["book"] });
    // The cart's new cookie goes out; the login cookie is not re-sent, because its stored
    // expiry moved by less than touchAfter (a write moves it in touchAfter steps, as a touch does).
    expect(first.setCookies.map((c) => c.name).sort()).toEqual(["cart"]);
    expect(await app.main.load(browser.get("sid")!)).not.toBeNull();
    const second = await browser.fetch("/both?item=pen", { method: "POST" });
    expect(JSON.parse(second.body)).toEqual({ visits: 2, cart: ["book", "pen"] });
    expect(JSON.parse((await browser.get_("/both")).body)).toEqual({ visits: 2, cart: ["book", "pen"] });
    expect(await app.cart.count()).toBe(1);
    // Both cookies are the browser's: one session per manager.
    expect(browser.get("sid")).not.toBe(browser.get("cart"));
  });
});
