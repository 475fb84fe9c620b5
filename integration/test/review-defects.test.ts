// The defects a review of core found (issue 10), each shown the way a user meets it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response, Router } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createManager, isSessError, SessErrorCode } from "@sess/core";
import { newSessionId, signId, storageKeyOf } from "@sess/core/provider";
import { sessionMiddleware } from "@sess/core/express";
import { MemoryProvider } from "@sess/provider-memory";
import { apps, type Harness } from "./support/apps.js";
import { CookieJar, parseSetCookie } from "./support/cookie-jar.js";

describe.each(apps)("review defects over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("a request in flight during login does not delete the new login cookie", async () => {
    app = await start();
    const browser = app.browser();
    await browser.fetch("/set?cart=1", { method: "POST" });
    const before = browser.get("sid")!;
    const login = await browser.post("/login", { username: "ann", password: "secret" });
    expect(login.setCookies[0]?.value).not.toBe(before);
    // A poll sent with the pre-login cookie, answered after the login response.
    const late = app.browser();
    late.set("sid", before);
    const poll = await late.get_("/whoami");
    expect(JSON.parse(poll.body)).toMatchObject({ isNew: true });
    expect(poll.setCookies).toEqual([]);
  });

  it("logout still expires the cookie: this request destroyed the session", async () => {
    app = await start();
    const browser = app.browser();
    await browser.post("/login", { username: "ann", password: "secret" });
    const logout = await browser.post("/logout");
    expect(logout.setCookies).toHaveLength(1);
    expect(logout.setCookies[0]!.attributes.get("max-age")).toBe("0");
  });

  it("a cookie this server did not issue is expired", async () => {
    app = await start();
    const browser = app.browser();
    browser.set("sid", "not-an-id");
    const res = await browser.get_("/whoami");
    expect(res.setCookies.map((c) => c.attributes.get("max-age"))).toEqual(["0"]);
  });

  it("20 parallel requests that flash are all delivered, exactly once", async () => {
    app = await start();
    const browser = app.browser();
    await browser.fetch("/set?seed=1", { method: "POST" });
    app.store.slow.set("write", 30); // every request loads before any writes
    await Promise.all(Array.from({ length: 20 }, (_, i) => browser.fetch(`/flash?msg=m${i}`, { method: "POST" })));
    app.store.slow.delete("write");
    const page = await browser.get_("/");
    const shown = page.body.replace(/^.*<\/form>/, "").split(",");
    expect(shown.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
    const again = await browser.get_("/");
    expect(again.body).toBe('<form method="post" action="/login">login</form>');
  });

  it("a flash read racing a new flash: the message read is not shown again, the new one is kept", async () => {
    app = await start();
    const browser = app.browser();
    await browser.fetch("/flash?msg=first", { method: "POST" });
    app.store.slow.set("write", 30);
    const [read] = await Promise.all([browser.get_("/"), browser.fetch("/flash?msg=second", { method: "POST" })]);
    app.store.slow.delete("write");
    const next = await browser.get_("/");
    const seen = [read.body, next.body].map((b) => b.replace(/^.*<\/form>/, "")).join(",").split(",").filter(Boolean);
    expect(seen.sort()).toEqual(["first", "second"]);
  });

  it("a cookie signed by an older secret is re-signed even when nothing else needs a cookie", async () => {
    const current = "current-secret-0123456789";
    const older = "older-secret-0123456789ab";
    app = await start({ secrets: [current, older], rolling: false });
    const session = app.manager.create();
    session.set("username", "ann");
    await session.release();
    const browser = app.browser();
    const oldValue = signId(session.id, [Buffer.from(older)]);
    browser.set("sid", oldValue);
    const res = await browser.get_("/whoami");
    expect(JSON.parse(res.body)).toMatchObject({ username: "ann" });
    expect(res.setCookies).toHaveLength(1);
    expect(res.setCookies[0]!.value).toBe(signId(session.id, [Buffer.from(current)]));
  });

  it("idFromHeader: a request that sent the HttpOnly cookie gets no id in the header", async () => {
    app = await start({ idFromHeader: "x-session-id" });
    const browser = app.browser();
    const first = await browser.fetch("/set?k=v", { method: "POST" });
    expect(first.headers.get("x-session-id")).toBe(browser.get("sid")); // no cookie was sent: echoed
    const withCookie = await browser.get_("/whoami");
    expect(withCookie.headers.get("x-session-id")).toBeNull();
    const headerClient = await fetch(`${app.url}/whoami`, { headers: { "x-session-id": browser.get("sid")! } });
    expect(headerClient.headers.get("x-session-id")).toBe(browser.get("sid"));
    expect(JSON.parse(await headerClient.text())).toMatchObject({ isNew: false });
  });
});

describe("regenerate of a session destroyed elsewhere", () => {
  it("revives nothing: the old data does not come back under a new id", async () => {
    const manager = await createManager({ provider: new MemoryProvider(), maxLifetime: 3600 });
    const first = manager.create();
    first.set("cart", "3 books");
    await first.release();
    const tabB = (await manager.load(first.id))!;
    const tabA = (await manager.load(first.id))!;
    await tabA.destroy(); // logout in tab A
    await tabB.regenerate(); // tab B, loaded before, logs in
    expect(tabB.get("cart")).toBeUndefined();
    expect(await tabB.release()).toBe(true); // nothing to store: a fresh, empty session
    expect(await manager.count()).toBe(0);
    tabB.set("username", "ann"); // the login goes on in a fresh session
    await tabB.release();
    expect((await manager.load(tabB.id))!.keys()).toEqual(["username"]);
    await manager.close();
  });
});

describe("maxSize and in-place mutation", () => {
  it("a new session whose object value grows in place after set() is refused at release", async () => {
    const manager = await createManager({ provider: new MemoryProvider(), maxLifetime: 3600, maxSize: 1000 });
    const session = manager.create();
    const profile = { bio: "" };
    session.set("profile", profile);
    profile.bio = "x".repeat(5000);
    await expect(session.release()).rejects.toMatchObject({ code: SessErrorCode.TOO_LARGE });
    expect(await manager.count()).toBe(0);
    await manager.close();
  });
});

describe("cookie options", () => {
  it.each([
    ["path", { path: "/a;b" }],
    ["path", { path: "no-slash" }],
    ["domain", { domain: "exa mple.com" }],
    ["domain", { domain: "a;b.com" }],
  ])("an invalid %s is refused at createManager", async (_what, options) => {
    await expect(createManager({ provider: new MemoryProvider(), maxLifetime: 60, ...options })).rejects.toMatchObject({ code: SessErrorCode.INVALID_CONFIG });
  });
});

describe("the Express middleware on the release/end path", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(app: express.Express): Promise<string> {
    server = createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("a throw from res.end reaches the error handler of the sub-router, and the process lives", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on("unhandledRejection", onUnhandled);
    try {
      const manager = await createManager({ provider: new MemoryProvider(), maxLifetime: 3600 });
      const app = express();
      app.use(sessionMiddleware(manager));
      const router = Router();
      router.get("/bad", (req: Request, res: Response) => {
        req.session.set("n", 1);
        (res.end as (chunk: unknown) => void)(42); // ERR_INVALID_ARG_TYPE from Node
      });
      const seen: string[] = [];
      router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
        seen.push((err as { code?: string }).code ?? String(err));
        res.status(500).send("sub-router handled");
      });
      app.use("/sub", router);
      const url = await serve(app);
      const res = await fetch(`${url}/sub/bad`);
      expect(res.status).toBe(500);
      expect(await res.text()).toBe("sub-router handled");
      expect(seen).toEqual(["ERR_INVALID_ARG_TYPE"]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      await manager.close();
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("an onError that rethrows (here on a corrupt stored value) becomes a 500, not a crash", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on("unhandledRejection", onUnhandled);
    try {
      const provider = new MemoryProvider();
      const manager = await createManager({
        provider,
        maxLifetime: 3600,
        onError: (err) => {
          throw err;
        },
      });
      const id = newSessionId();
      const now = Date.now();
      await provider.write(storageKeyOf(id), { isNew: true, clear: false, set: { n: "1", "$sess:persist": "{not json" }, deleted: [], createdAt: now }, now + 60_000);
      const app = express();
      app.use(sessionMiddleware(manager));
      app.get("/", (req: Request, res: Response) => {
        req.session.set("n", 2);
        res.send("ok");
      });
      app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
        res.status(500).send(isSessError(err) ? err.code : "handled");
      });
      const url = await serve(app);
      const res = await fetch(url, { headers: { cookie: `sid=${id}` } });
      expect(res.status).toBe(500);
      expect(await res.text()).toBe(SessErrorCode.DECODE_FAILED);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      await manager.close();
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("a second res.end while the first waits for the store does not slip past the hold", async () => {
    const provider = new MemoryProvider();
    const write = provider.write.bind(provider);
    let writes = 0;
    provider.write = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      writes++;
      return write(...args);
    };
    const manager = await createManager({ provider, maxLifetime: 3600 });
    const app = express();
    app.use(sessionMiddleware(manager));
    app.get("/", (req: Request, res: Response) => {
      req.session.set("n", 1);
      res.end("first");
      res.end("second");
    });
    const url = await serve(app);
    const res = await fetch(url);
    expect(await res.text()).toBe("first");
    expect(writes).toBe(1);
    const cookie = parseSetCookie(res.headers.get("set-cookie")!);
    const next = new CookieJar(url);
    next.set("sid", cookie.value);
    expect((await manager.load(cookie.value))?.get("n")).toBe(1);
    await manager.close();
  });
});
