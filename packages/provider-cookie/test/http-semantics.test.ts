import { newManager } from "@sess/core";
import "@sess/provider-memory";
import { describe, expect, it } from "vitest";
import { cookieProvider } from "../src/index.js";
import { type Data, view } from "./support/app.js";
import { Jar, cookieOf, get, serve, setCookieLine } from "./support/http.js";
import { rawKey, secret } from "./support/keys.js";
import { cookieServer } from "./support/servers.js";

const NAME = "gosessionid";
const kidOf = (value: string | undefined) => value?.split(".")[1];

describe("over node:http: the Manager's semantics with sessions sealed in the cookie", () => {
  it("lazy: no cookie until the session holds data", async () => {
    const { url } = await cookieServer([rawKey()]);
    const reply = await get(url, "/");
    expect(reply.body).toMatchObject({ isNew: true, data: {} });
    expect(reply.setCookies).toEqual([]);
  });

  it("key rotation over three keys: a cookie sealed by key 3 opens and is resealed by key 1 on its next response, with no change, rolling false", async () => {
    const [k1, k2, k3] = [rawKey(), secret(), rawKey()];
    const clock = { now: Date.now() };
    const options = { rolling: false, now: () => clock.now };
    const before = await cookieServer([k3], options);
    const jar = new Jar();
    const seededReply = await jar.get(before.url, "/set?user=ada");
    const byK3 = jar.value(NAME)!;
    const original = cookieProvider({ keys: [k3], cookieName: NAME }).unseal(byK3)!.session;
    clock.now += 60_000;

    const after = await cookieServer([k1, k2, k3], options);
    const read = await jar.get(after.url, "/");
    expect(read.body).toEqual({ id: seededReply.body.id, isNew: false, data: { user: "ada" } });
    const resealed = cookieOf(read, NAME);
    expect(kidOf(resealed)).toBe(kidOf(cookieProvider({ keys: [k1], cookieName: NAME }).seal(original)));
    expect(kidOf(resealed)).not.toBe(kidOf(byK3));
    // Resealing is not a refresh: the id, the data, createdAt and (rolling false) expiresAt are kept.
    const reopened = cookieProvider({ keys: [k1], cookieName: NAME }).unseal(resealed!)!;
    expect(reopened.stale).toBe(false);
    expect(reopened.session).toMatchObject({ id: original.id, createdAt: original.createdAt, expiresAt: original.expiresAt });
    expect({ ...reopened.session.data }).toEqual({ ...original.data });
    // The Max-Age counts down to the sealed expiry, not a fresh hour.
    expect(setCookieLine(read, NAME)).toContain("Max-Age=3540;");

    // Now current: read-only requests send nothing.
    expect((await jar.get(after.url, "/")).setCookies).toEqual([]);
    // A cookie sealed by key 2 opens as well and is resealed too.
    const byK2 = cookieProvider({ keys: [k2], cookieName: NAME }).seal(cookieProvider({ keys: [k1], cookieName: NAME }).unseal(resealed!)!.session);
    expect(kidOf(cookieOf(await get(after.url, "/", `${NAME}=${byK2}`), NAME))).toBe(kidOf(resealed));
    // Key 3 retired: its cookie no longer opens; the resealed one still does.
    const retired = await cookieServer([k1, k2], options);
    expect((await get(retired.url, "/", `${NAME}=${byK3}`)).body).toMatchObject({ isNew: true, data: {} });
    expect((await get(retired.url, "/", `${NAME}=${resealed}`)).body).toMatchObject({ isNew: false, data: { user: "ada" } });
  });

  it("absolute and idle timeouts are enforced from the sealed payload with the clock moved, whatever the cookie's Max-Age said", async () => {
    const clock = { now: Date.now() };
    const { url } = await cookieServer([rawKey()], { idleTimeout: 300, absoluteTimeout: 600, touchAfter: 0, now: () => clock.now });
    const jar = new Jar();
    await jar.get(url, "/set?user=ada");
    const firstValue = jar.value(NAME);
    // Rolling with touchAfter 0: a read reseals with a later idle expiry, capped by the absolute one.
    clock.now += 290_000;
    expect((await jar.get(url, "/")).body).toMatchObject({ isNew: false, data: { user: "ada" } });
    expect(jar.value(NAME)).not.toBe(firstValue);
    clock.now += 290_000;
    expect((await jar.get(url, "/")).body).toMatchObject({ isNew: false, data: { user: "ada" } });
    // 601 s after creation: the idle expiry alone would allow it, the absolute timeout does not.
    clock.now += 21_000;
    expect((await jar.get(url, "/")).body).toMatchObject({ isNew: true, data: {} });

    const idle = await cookieServer([rawKey()], { rolling: false, now: () => clock.now });
    const value = cookieOf(await get(idle.url, "/set?user=ada"), NAME);
    clock.now += 3_599_000;
    expect((await get(idle.url, "/", `${NAME}=${value}`)).body).toMatchObject({ isNew: false });
    clock.now += 2_000;
    expect((await get(idle.url, "/", `${NAME}=${value}`)).body).toMatchObject({ isNew: true, data: {} });
  });

  it("a session too large for a cookie rejects release with TOO_LARGE naming the limit; no cookie is sent and the previous one still opens", async () => {
    const { url } = await cookieServer([rawKey()]);
    const jar = new Jar();
    await jar.get(url, "/set?user=ada");
    const before = jar.value(NAME);
    const tooBig = await jar.get(url, "/big?bytes=4000");
    expect(tooBig.status).toBe(500);
    expect(tooBig.body.code).toBe("TOO_LARGE");
    expect(tooBig.body.message).toContain("4096-byte cookie limit");
    expect(tooBig.setCookies).toEqual([]);
    expect(jar.value(NAME)).toBe(before);
    expect((await jar.get(url, "/")).body).toMatchObject({ data: { user: "ada" } });
  });

  it("the largest session that seals makes a Set-Cookie header within 4096 bytes, attributes included", async () => {
    const { url } = await cookieServer([rawKey()], { domain: "example.com", path: "/account", sameSite: "strict" });
    let lo = 0;
    let hi = 4096;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if ((await get(url, `/big?bytes=${mid}`)).status === 200) lo = mid;
      else hi = mid - 1;
    }
    expect(lo).toBeGreaterThan(2500);
    const line = setCookieLine(await get(url, `/big?bytes=${lo}`), NAME)!;
    expect(line).toContain("Domain=example.com");
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(4096);
    expect((await get(url, `/big?bytes=${lo + 1}`)).body.code).toBe("TOO_LARGE");
  });

  it("a lowered maxCookieSize is enforced and named", async () => {
    const { url } = await cookieServer({ keys: [rawKey()], maxCookieSize: 1024 });
    expect((await get(url, "/big?bytes=300")).status).toBe(200);
    const reply = await get(url, "/big?bytes=800");
    expect(reply.body.code).toBe("TOO_LARGE");
    expect(reply.body.message).toContain("1024-byte cookie limit");
  });

  it("flash: a value lasts until read", async () => {
    const { url } = await cookieServer([rawKey()]);
    const jar = new Jar();
    await jar.get(url, "/flash?msg=saved");
    await jar.get(url, "/flash?msg=again");
    expect((await jar.get(url, "/flashes")).body.flashes).toEqual(["saved", "again"]);
    expect((await jar.get(url, "/flashes")).body.flashes).toEqual([]);
  });

  it("regenerate: a new id, the same data, a new seal; the old value still opens (a stateless store cannot revoke it)", async () => {
    const { url } = await cookieServer([rawKey()]);
    const jar = new Jar();
    const first = await jar.get(url, "/set?user=ada");
    const old = jar.value(NAME)!;
    const regenerated = await jar.get(url, "/regenerate");
    expect(regenerated.body.id).not.toBe(first.body.id);
    expect(regenerated.body.data).toEqual({ user: "ada" });
    expect(jar.value(NAME)).not.toBe(old);
    expect((await jar.get(url, "/")).body.id).toBe(regenerated.body.id);
    expect((await get(url, "/", `${NAME}=${old}`)).body).toMatchObject({ id: first.body.id, isNew: false });
  });

  it("destroy expires the cookie; the next request is a fresh session", async () => {
    const { url } = await cookieServer([rawKey()]);
    const jar = new Jar();
    await jar.get(url, "/set?user=ada");
    const old = jar.value(NAME)!;
    const destroyed = await jar.get(url, "/destroy");
    expect(setCookieLine(destroyed, NAME)).toMatch(/^gosessionid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
    expect(jar.value(NAME)).toBeUndefined();
    expect((await jar.get(url, "/")).body).toMatchObject({ isNew: true, data: {} });
    // Documented limit: a copy of the old value kept by the client still opens until it expires.
    expect((await get(url, "/", `${NAME}=${old}`)).body).toMatchObject({ isNew: false, data: { user: "ada" } });
  });

  it("rememberMe(false) makes a browser-session cookie (no Max-Age), rememberMe(true) a persistent one", async () => {
    const { url } = await cookieServer([rawKey()]);
    const jar = new Jar();
    await jar.get(url, "/set?user=ada");
    const off = setCookieLine(await jar.get(url, "/remember?on=0"), NAME)!;
    expect(off).not.toContain("Max-Age");
    expect((await jar.get(url, "/")).body.data).toEqual({ user: "ada" });
    expect(setCookieLine(await jar.get(url, "/remember?on=1"), NAME)).toContain("Max-Age=3600");
  });

  it("several sessions per request: a cookie session beside a memory session, and two cookie managers with their own names", async () => {
    const key = rawKey();
    const sealed = await newManager<Data>("cookie", "sealed", 3600, { keys: [key], context: "sealed" }, { secure: false });
    const prefs = await newManager<Data>("cookie", "prefs", 3600, { keys: [rawKey()], context: "prefs" }, { secure: false });
    const stored = await newManager<Data>("memory", "sid", 3600, undefined, { secure: false });
    const running = await serve(async (req, res) => {
      const [a, b, c] = await Promise.all([sealed.start(req, res), prefs.start(req, res), stored.start(req, res)]);
      if (req.url === "/set") {
        a.set("user", "ada");
        b.set("theme", "dark");
        c.set("cart", 3);
      }
      await Promise.all([a.release(), b.release(), c.release()]);
      res.end(JSON.stringify({ sealed: view(a), prefs: view(b), stored: view(c) }));
    });
    try {
      const jar = new Jar();
      const set = await jar.get(running.url, "/set");
      expect(set.setCookies.map((c) => c.slice(0, c.indexOf("=")))).toEqual(expect.arrayContaining(["sealed", "prefs", "sid"]));
      const read = await jar.get(running.url, "/");
      expect(read.body).toMatchObject({ sealed: { data: { user: "ada" } }, prefs: { data: { theme: "dark" } }, stored: { data: { cart: 3 } } });
      expect(read.setCookies).toEqual([]);
      // Swapping the two cookie values gives each manager a fresh session: other keys, other context.
      const swapped = await get(running.url, "/", `sealed=${jar.value("prefs")}; prefs=${jar.value("sealed")}; sid=${jar.value("sid")}`);
      expect(swapped.body).toMatchObject({ sealed: { data: {} }, prefs: { data: {} }, stored: { data: { cart: 3 } } });
    } finally {
      await running.close();
      await Promise.all([sealed.close(), prefs.close(), stored.close()]);
    }
  });
});
