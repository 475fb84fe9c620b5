import { afterEach, describe, expect, it } from "vitest";
import { apps, type Harness } from "./support/apps.js";

describe.each(apps)("cookie attributes, flashes and the id header over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("rememberMe(false) at login gives a cookie without Max-Age or Expires", async () => {
    app = await start();
    const browser = app.browser();
    const res = await browser.post("/login", { username: "ann", password: "secret", remember: "0" });
    const cookie = res.setCookies.find((c) => c.name === "sid")!;
    expect(cookie.attributes.has("max-age")).toBe(false);
    expect(cookie.attributes.has("expires")).toBe(false);
    // Later writes keep it a browser-session cookie.
    const next = await browser.get_("/");
    expect(next.body).toContain("hello, ann");
    for (const c of next.setCookies) expect(c.attributes.has("max-age") || c.attributes.has("expires")).toBe(false);
  });

  it("rememberMe(false) on an existing session re-sends its cookie as a browser-session cookie", async () => {
    app = await start();
    const browser = app.browser();
    const login = await browser.post("/login", { username: "ann", password: "secret" });
    expect(login.setCookies[0]!.attributes.has("max-age")).toBe(true);
    const res = await browser.fetch("/forget-me", { method: "POST" });
    const cookie = res.setCookies.find((c) => c.name === "sid");
    expect(cookie?.value).toBe(browser.get("sid"));
    expect(cookie?.attributes.has("max-age")).toBe(false);
    expect(cookie?.attributes.has("expires")).toBe(false);
  });

  it('secure "auto" sets Secure only for X-Forwarded-Proto https when trustProxy is on', async () => {
    app = await start({ trustProxy: true });
    const https = await app.browser().fetch("/set?a=1", { method: "POST", headers: { "x-forwarded-proto": "https" } });
    expect(https.setCookies[0]!.attributes.has("secure")).toBe(true);
    const chain = await app.browser().fetch("/set?a=1", { method: "POST", headers: { "x-forwarded-proto": "https, http" } });
    expect(chain.setCookies[0]!.attributes.has("secure")).toBe(true);
    const http = await app.browser().fetch("/set?a=1", { method: "POST", headers: { "x-forwarded-proto": "http" } });
    expect(http.setCookies[0]!.attributes.has("secure")).toBe(false);
    const none = await app.browser().fetch("/set?a=1", { method: "POST" });
    expect(none.setCookies[0]!.attributes.has("secure")).toBe(false);
  });

  it('secure "auto" ignores X-Forwarded-Proto without trustProxy', async () => {
    app = await start();
    const res = await app.browser().fetch("/set?a=1", { method: "POST", headers: { "x-forwarded-proto": "https" } });
    expect(res.setCookies[0]!.attributes.has("secure")).toBe(false);
  });

  it("secure true, sameSite strict, a domain and a path are written as configured", async () => {
    app = await start({ secure: true, sameSite: "strict", domain: "example.test", path: "/app", httpOnly: false });
    const res = await app.browser().fetch("/set?a=1", { method: "POST" });
    const c = res.setCookies[0]!;
    expect(c.attributes.has("secure")).toBe(true);
    expect(c.attributes.get("samesite")?.toLowerCase()).toBe("strict");
    expect(c.attributes.get("domain")).toBe("example.test");
    expect(c.attributes.get("path")).toBe("/app");
    expect(c.attributes.has("httponly")).toBe(false);
  });

  it("flashes last across requests until read, then are gone", async () => {
    app = await start();
    const browser = app.browser();
    await browser.post("/login", { username: "ann", password: "secret" });
    await browser.fetch("/flash?msg=saved", { method: "POST" });
    await browser.get_("/whoami"); // does not read flashes
    expect((await browser.get_("/")).body).toBe("hello, ann (visit 1) [welcome,saved]");
    expect((await browser.get_("/")).body).toBe("hello, ann (visit 2)");
  });

  it("a flash on an anonymous session survives the redirect to the page that shows it", async () => {
    app = await start();
    const browser = app.browser();
    await browser.fetch("/flash?msg=hi", { method: "POST" });
    expect((await browser.get_("/")).body).toContain("</form>hi");
    expect((await browser.get_("/")).body).toMatch(/<\/form>$/);
  });

  it("idFromHeader: the id is echoed in the response header and accepted from it", async () => {
    app = await start({ idFromHeader: "X-Session-Id" });
    const client = app.browser();
    const first = await client.fetch("/set?a=1", { method: "POST" });
    const id = first.headers.get("x-session-id");
    expect(id).toBe(JSON.parse(first.body).id);
    // A client without cookies sends the header only.
    const headerOnly = app.browser();
    const res = await headerOnly.get_("/get?k=a", { "x-session-id": id! });
    expect(JSON.parse(res.body)).toEqual({ a: "1" });
    expect(res.headers.get("x-session-id")).toBe(id);
    const write = await headerOnly.fetch("/set?b=2", { method: "POST", headers: { "x-session-id": id! } });
    expect(JSON.parse(write.body).id).toBe(id);
    expect(write.headers.get("x-session-id")).toBe(id);
  });

  it("idFromHeader: a forged header id is never adopted", async () => {
    app = await start({ idFromHeader: "X-Session-Id" });
    const forged = "A".repeat(42) + "A";
    const res = await app.browser().fetch("/set?a=1", { method: "POST", headers: { "x-session-id": forged } });
    const id = res.headers.get("x-session-id");
    expect(id).not.toBe(forged);
    expect(JSON.parse(res.body).id).toBe(id);
  });

  it("HEADERS_SENT: a brand-new session given data after the headers went out fails, never silently", async () => {
    app = await start();
    const browser = app.browser();
    const res = await browser.get_("/late");
    expect(res.body).toBe("started;HEADERS_SENT");
    expect(res.setCookies).toEqual([]);
    expect(app.store.total()).toBe(0);
  });

  it("a stored session may still change after the headers went out (no cookie needed)", async () => {
    app = await start();
    const browser = app.browser();
    await browser.fetch("/set?a=1", { method: "POST" });
    const res = await browser.get_("/late");
    expect(res.body).toBe("started;stored");
    expect(JSON.parse((await browser.get_("/whoami")).body).username).toBe("late");
  });

  it.each(["object", "flat list"])("a Set-Cookie the application passes to writeHead as a header %s keeps the session cookie beside it", async (form) => {
    app = await start();
    const browser = app.browser();
    const res = await browser.fetch(`/own-cookie?a=1${form === "flat list" ? "&flat=1" : ""}`, { method: "POST" });
    expect(res.setCookies.map((c) => c.name).sort()).toEqual(["sid", "theme"]);
    expect(browser.get("theme")).toBe("dark");
    expect(JSON.parse((await browser.get_("/whoami")).body)).toMatchObject({ isNew: false, keys: ["a"] });
  });
});
