import { afterEach, describe, expect, it } from "vitest";
import { apps, type Harness } from "./support/apps.js";

describe.each(apps)("expiry on an injected clock over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  async function login(): Promise<ReturnType<Harness["browser"]>> {
    const browser = app.browser();
    await browser.post("/login", { username: "ann", password: "secret" });
    return browser;
  }

  it("idle: a session unused for the idle timeout is gone, one used within it slides", async () => {
    app = await start({ maxLifetime: 100, touchAfter: 0 });
    const browser = await login();
    for (let i = 0; i < 5; i++) {
      app.clock.advance(90); // 450 s in total, never 100 s idle
      expect((await browser.get_("/")).body).toContain("hello, ann");
    }
    app.clock.advance(100);
    const res = await browser.get_("/whoami");
    expect(JSON.parse(res.body)).toMatchObject({ isNew: true, username: null });
    expect(await app.manager.count()).toBe(0);
  });

  it("idle: one millisecond before the timeout still loads", async () => {
    app = await start({ maxLifetime: 100 });
    const browser = await login();
    app.clock.advance(99.999);
    expect(JSON.parse((await browser.get_("/whoami")).body)).toMatchObject({ username: "ann" });
  });

  it("absolute: a session ends at absoluteTimeout however active it is", async () => {
    app = await start({ maxLifetime: 100, absoluteTimeout: 250, touchAfter: 0 });
    const browser = await login();
    app.clock.advance(80);
    await browser.get_("/");
    app.clock.advance(80);
    await browser.get_("/");
    app.clock.advance(80); // 240 s
    expect((await browser.get_("/")).body).toContain("hello, ann (visit 3)");
    app.clock.advance(10); // 250 s
    expect(JSON.parse((await browser.get_("/whoami")).body)).toMatchObject({ isNew: true, username: null });
  });

  it("absolute: the cookie's Max-Age never reaches past the absolute end", async () => {
    app = await start({ maxLifetime: 100, absoluteTimeout: 150, touchAfter: 0 });
    const browser = app.browser();
    const login = await browser.post("/login", { username: "ann", password: "secret" });
    expect(login.setCookies[0]!.attributes.get("max-age")).toBe("100");
    app.clock.advance(90);
    const res = await browser.get_("/");
    const cookie = res.setCookies.find((c) => c.name === "sid");
    expect(cookie?.attributes.get("max-age")).toBe("60"); // idle would allow 100
  });

  it("rolling false: activity does not extend the idle expiry", async () => {
    app = await start({ maxLifetime: 100, rolling: false });
    const browser = await login();
    app.clock.advance(60);
    expect((await browser.get_("/")).body).toContain("visit 1");
    app.clock.advance(40);
    expect(JSON.parse((await browser.get_("/whoami")).body)).toMatchObject({ isNew: true });
  });

  it("gc() removes expired sessions and count() never counts them", async () => {
    app = await start({ maxLifetime: 100 });
    await login();
    await login();
    expect(await app.manager.count()).toBe(2);
    app.clock.advance(101);
    expect(await app.manager.count()).toBe(0);
    await app.manager.gc();
    expect(await app.manager.count()).toBe(0);
  });

  it("a write after the idle expiry does not revive the session", async () => {
    app = await start({ maxLifetime: 100 });
    const s = app.manager.create();
    s.set("username", "ann");
    await s.release();
    const loaded = (await app.manager.load(s.id))!;
    app.clock.advance(101);
    loaded.set("visits", 1);
    expect(await loaded.release()).toBe(false);
    expect(loaded.destroyed).toBe(true);
    expect(await app.manager.load(s.id)).toBeNull();
  });
});
