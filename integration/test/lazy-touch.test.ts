import { afterEach, describe, expect, it } from "vitest";
import { apps, type Harness } from "./support/apps.js";

describe.each(apps)("lazy sessions and touchAfter over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("requests that store nothing get no Set-Cookie and cause no store call", async () => {
    app = await start();
    const browser = app.browser();
    for (const path of ["/", "/whoami", "/get?k=a", "/"]) {
      const res = await browser.get_(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect(app.store.total()).toBe(0);
    expect(await app.manager.count()).toBe(0);
  });

  it("the first stored value sets the cookie and writes once", async () => {
    app = await start();
    const browser = app.browser();
    const res = await browser.fetch("/set?a=1", { method: "POST" });
    expect(res.setCookies).toHaveLength(1);
    expect(app.store.calls.get("write")).toBe(1);
    expect(app.store.total()).toBe(1);
  });

  it("a read-only request inside the touchAfter window writes nothing, touches nothing, sets no cookie", async () => {
    app = await start({ maxLifetime: 3600 }); // touchAfter defaults to 360 s
    const browser = app.browser();
    await browser.fetch("/set?a=1", { method: "POST" });
    app.store.reset();
    for (let i = 0; i < 3; i++) {
      app.clock.advance(100); // 300 s in total: inside the window
      const res = await browser.get_("/get?k=a");
      expect(JSON.parse(res.body)).toEqual({ a: "1" });
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect([...app.store.calls.keys()]).toEqual(["read"]);
    expect(app.store.calls.get("read")).toBe(3);
  });

  it("the default touchAfter never rewrites a session written a moment ago", async () => {
    app = await start({ maxLifetime: 3600 });
    const browser = app.browser();
    await browser.fetch("/set?a=1", { method: "POST" });
    app.store.reset();
    app.clock.advance(1);
    await browser.get_("/get?k=a");
    expect(app.store.calls.get("write") ?? 0).toBe(0);
    expect(app.store.calls.get("touch") ?? 0).toBe(0);
  });

  it("after the window, exactly one touch refreshes the expiry and the cookie", async () => {
    app = await start({ maxLifetime: 3600, touchAfter: 60 });
    const browser = app.browser();
    await browser.fetch("/set?a=1", { method: "POST" });
    app.store.reset();
    app.clock.advance(61);
    const first = await browser.get_("/get?k=a");
    expect(app.store.calls.get("touch")).toBe(1);
    expect(app.store.calls.get("write") ?? 0).toBe(0);
    const cookie = first.setCookies.find((c) => c.name === "sid");
    expect(cookie?.attributes.get("max-age")).toBe("3600");
    app.clock.advance(1);
    const second = await browser.get_("/get?k=a");
    expect(second.headers.get("set-cookie")).toBeNull();
    expect(app.store.calls.get("touch")).toBe(1);
    // The touch really moved the expiry: 3600 s after the touch the session still lives.
    app.clock.advance(3600 - 2);
    expect(JSON.parse((await browser.get_("/get?k=a")).body)).toEqual({ a: "1" });
  });

  it("a changing request refreshes the cookie's Max-Age along with the store expiry", async () => {
    app = await start({ maxLifetime: 1000 });
    const browser = app.browser();
    await browser.post("/login", { username: "ann", password: "secret" });
    app.clock.advance(500);
    const res = await browser.get_("/"); // counts a visit: a write
    const cookie = res.setCookies.find((c) => c.name === "sid");
    expect(cookie?.attributes.get("max-age")).toBe("1000");
    expect(Date.parse(cookie!.attributes.get("expires")!)).toBe(Math.floor((app.clock.now() + 1_000_000) / 1000) * 1000);
  });

  it("a response ended before release() still carries the cookie, and the data is stored", async () => {
    app = await start();
    const browser = app.browser();
    const res = await browser.fetch("/end-then-release?a=1", { method: "POST" });
    expect(res.setCookies.map((c) => c.name)).toEqual(["sid"]);
    await expect.poll(async () => (await app.manager.load(res.body))?.get("a") ?? null).toBe("1");
    const next = await browser.fetch("/end-then-release?b=2", { method: "POST" });
    expect(next.body).toBe(res.body);
    await expect.poll(async () => (await app.manager.load(res.body))?.keys().sort() ?? []).toEqual(["a", "b"]);
  });
});
