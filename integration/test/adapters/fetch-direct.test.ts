// The Fetch adapter with Node 20's own Request and Response and no server at all,
// as a Next.js route handler, Bun or Deno would call it.
import { createServer } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManager, type Manager, SessErrorCode } from "@sess/core";
import { commitSessions, getSession, withSession } from "@sess/core/fetch";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { listen } from "./support/harness.js";
import "./support/session-data.js";

let store: Counted<MemoryProvider>;
let sessions: Manager;
let carts: Manager;

beforeEach(async () => {
  store = counted(new MemoryProvider());
  sessions = await createManager({ provider: store.provider, cookieName: "sid", maxLifetime: 3600 });
  carts = await createManager({ provider: new MemoryProvider(), cookieName: "cart", maxLifetime: 3600 });
});
afterEach(async () => {
  await sessions.close();
  await carts.close();
});

// A route handler in the Next.js App Router shape: `export const POST = withSession(...)`.
const handler = () =>
  withSession(sessions, async (request, session) => {
    const url = new URL(request.url);
    if (url.pathname === "/login") {
      await session.regenerate();
      session.set("username", "ann");
      return Response.redirect(new URL("/", url), 303);
    }
    if (url.pathname === "/logout") {
      await session.destroy();
      return Response.redirect(new URL("/", url), 303);
    }
    return new Response(`hello, ${session.get("username") ?? "stranger"}`);
  });

const pair = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(";")[0];

describe("Fetch adapter without a server", () => {
  it("Response.redirect() has immutable headers, and the login redirect still carries the cookie", async () => {
    expect(() => Response.redirect("http://app.test/", 303).headers.append("x-probe", "1")).toThrow(TypeError);
    const login = await handler()(new Request("http://app.test/login", { method: "POST" }));
    expect(login).toBeInstanceOf(Response);
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("http://app.test/");
    const cookie = pair(login, "sid");
    expect(cookie).toMatch(/^sid=./);
    expect(login.headers.getSetCookie()[0]).toMatch(/HttpOnly/i);

    const page = await handler()(new Request("http://app.test/", { headers: { cookie: cookie! } }));
    expect(await page.text()).toBe("hello, ann");

    const logout = await handler()(new Request("http://app.test/logout", { method: "POST", headers: { cookie: cookie! } }));
    expect(logout.status).toBe(303);
    expect(logout.headers.getSetCookie().join()).toMatch(/^sid=;.*Max-Age=0/i);
    const after = await handler()(new Request("http://app.test/", { headers: { cookie: cookie! } }));
    expect(await after.text()).toBe("hello, stranger");
  });

  it("a request that never asks for a session costs no store call and gets its response back untouched", async () => {
    const login = await handler()(new Request("http://app.test/login", { method: "POST" }));
    store.reset();
    const request = new Request("http://app.test/health", { headers: { cookie: pair(login, "sid")! } });
    const response = new Response("ok");
    expect(await commitSessions(request, response)).toBe(response);
    expect(store.total()).toBe(0);
  });

  it("getSession gives the same session per request and manager; commitSessions saves every manager's", async () => {
    const request = new Request("http://app.test/both", { method: "POST" });
    const first = await getSession(sessions, request);
    expect(await getSession(sessions, request)).toBe(first);
    first.set("visits", 1);
    (await getSession(carts, request)).set("items", ["book"]);
    const response = await commitSessions(request, Response.json({ ok: true }));
    expect(response.headers.getSetCookie().map((c) => c.split("=")[0])).toEqual(["sid", "cart"]);
    const next = new Request("http://app.test/both", { headers: { cookie: `${pair(response, "sid")}; ${pair(response, "cart")}` } });
    expect((await getSession(sessions, next)).get("visits")).toBe(1);
    expect((await getSession(carts, next)).get("items")).toEqual(["book"]);
  });

  it("a store failure rejects withSession's promise (the runtime's error path), never unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      store.failing.add("write");
      await expect(handler()(new Request("http://app.test/login", { method: "POST" }))).rejects.toMatchObject({ code: SessErrorCode.STORE_UNAVAILABLE });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("a fetch() result (immutable headers) passed through as the response still carries the cookie", async () => {
    const upstream = await listen(createServer((_req, res) => res.writeHead(200, { "x-upstream": "1" }).end("from upstream")));
    try {
      const proxy = withSession(sessions, async (_request, session) => {
        session.set("username", "ann");
        return fetch(upstream.url);
      });
      const res = await proxy(new Request("http://app.test/proxy"));
      expect(res.headers.get("x-upstream")).toBe("1");
      expect(pair(res, "sid")).toMatch(/^sid=./);
      expect(await res.text()).toBe("from upstream");
    } finally {
      await upstream.close();
    }
  });

  it("https URLs give Secure cookies", async () => {
    const login = await handler()(new Request("https://app.test/login", { method: "POST" }));
    expect(login.headers.getSetCookie()[0]).toMatch(/; Secure/i);
  });
});
