import { afterEach, describe, expect, it } from "vitest";
import { apps, type Harness } from "./support/apps.js";

describe.each(apps)("login flow over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("GET / without a cookie shows the form, sets no cookie and writes nothing", async () => {
    app = await start();
    const browser = app.browser();
    const page = await browser.get_("/");
    expect(page.status).toBe(200);
    expect(page.body).toContain("<form");
    expect(page.setCookies).toEqual([]);
    expect(app.store.total()).toBe(0);
    expect(await app.manager.count()).toBe(0);
  });

  it("login sets the username under a new id, GET / counts visits, logout destroys and expires the cookie", async () => {
    app = await start();
    const browser = app.browser();
    await browser.post("/set", { }); // an anonymous visit that stores nothing
    await browser.fetch("/set?cart=1", { method: "POST" });
    const anonymousId = browser.get("sid")!;
    expect(anonymousId).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const login = await browser.post("/login", { username: "astaxie", password: "secret" });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/");
    const [cookie] = login.setCookies;
    expect(cookie?.name).toBe("sid");
    expect(cookie?.value).not.toBe(anonymousId); // regenerated on login
    expect(cookie?.attributes.has("httponly")).toBe(true);
    expect(cookie?.attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(cookie?.attributes.get("path")).toBe("/");
    expect(Number(cookie?.attributes.get("max-age"))).toBe(3600);
    expect(cookie?.attributes.has("secure")).toBe(false); // "auto" on plain http

    const first = await browser.get_("/");
    expect(first.body).toBe("hello, astaxie (visit 1) [welcome]");
    const second = await browser.get_("/");
    expect(second.body).toBe("hello, astaxie (visit 2)");
    expect(await app.manager.count()).toBe(1);

    const loggedIn = browser.get("sid")!;
    const logout = await browser.post("/logout");
    expect(logout.status).toBe(303);
    expect(logout.setCookies).toHaveLength(1);
    expect(logout.setCookies[0]).toMatchObject({ name: "sid", value: "" });
    expect(logout.setCookies[0]!.attributes.get("max-age")).toBe("0");
    expect(browser.get("sid")).toBeUndefined();
    expect(await app.manager.count()).toBe(0);

    const after = await browser.get_("/");
    expect(after.body).toContain("<form");

    // The old cookie, replayed, no longer loads anything.
    const replay = app.browser();
    replay.set("sid", loggedIn);
    const replayed = await replay.get_("/whoami");
    expect(JSON.parse(replayed.body)).toMatchObject({ isNew: true, username: null });
    expect(JSON.parse(replayed.body).id).not.toBe(loggedIn);
    // A valid cookie whose session is gone gets no Set-Cookie: the same response to a request
    // still in flight from before a login would delete the new login cookie (issue 10, item 2).
    expect(replayed.setCookies).toEqual([]);
  });

  it("a wrong password stores nothing and sets no cookie", async () => {
    app = await start();
    const browser = app.browser();
    const res = await browser.post("/login", { username: "ann", password: "nope" });
    expect(res.status).toBe(401);
    expect(res.setCookies).toEqual([]);
    expect(app.store.total()).toBe(0);
  });

  it("two browsers keep separate sessions", async () => {
    app = await start();
    const ann = app.browser();
    const bob = app.browser();
    await ann.post("/login", { username: "ann", password: "secret" });
    await bob.post("/login", { username: "bob", password: "secret" });
    expect((await ann.get_("/")).body).toContain("hello, ann (visit 1)");
    expect((await bob.get_("/")).body).toContain("hello, bob (visit 1)");
    expect(await app.manager.count()).toBe(2);
  });

  it("logout that flashes a message on a fresh session: the next page shows it under a new id", async () => {
    app = await start();
    const browser = app.browser();
    await browser.post("/login", { username: "ann", password: "secret" });
    const loggedIn = browser.get("sid")!;
    const res = await browser.post("/logout-flash");
    expect(res.status).toBe(303);
    const fresh = browser.get("sid");
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(loggedIn);
    expect(await app.manager.load(loggedIn)).toBeNull();
    expect((await browser.get_("/")).body).toBe('<form method="post" action="/login">login</form>bye');
  });
});
