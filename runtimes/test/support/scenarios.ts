import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RuntimeName } from "../../app/routes.ts";
import { Client, setCookie } from "./client.ts";
import type { RunningApp } from "./process.ts";

/** The app under test, started once for the scenarios of one runtime × provider. */
export interface AppHandle {
  app(): RunningApp;
}

/** Starts the app before the group and stops it after; the handle gives the running app. */
export function useApp(start: () => Promise<RunningApp>): AppHandle {
  let running: RunningApp | undefined;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return {
    app() {
      if (running === undefined) throw new Error("the app did not start (see the beforeAll error)");
      return running;
    },
  };
}

/**
 * The matrix's scenarios, through both adapters: a login flow, a redirect after a write,
 * forged cookies and a store failure. Written once; every runtime × provider runs them.
 */
export function appScenarios(runtime: RuntimeName, handle: AppHandle): void {
  for (const adapter of ["fetch", "hono"] as const) {
    describe(`through the ${adapter} adapter`, () => {
      const client = () => new Client(new URL(`${adapter}/`, handle.app().url));

      it("logs in (a new id, then the name on the next request) and out (the cookie expires, the session is gone)", async () => {
        const browser = client();
        expect(await browser.text("whoami")).toBe(`${runtime} anonymous`);
        const login = await browser.request("POST", "login", { username: "ann" });
        expect(login.status).toBe(303);
        expect(login.headers.get("location")).toBe(new URL("whoami", browser.base).href);
        expect(browser.cookie).toBeDefined();
        const loggedIn = browser.cookie!;
        expect(await browser.text("whoami")).toBe(`${runtime} ann`);
        const logout = await browser.request("POST", "logout");
        expect(logout.status).toBe(303);
        expect(setCookie(logout, "sid")?.expired).toBe(true);
        expect(await browser.text("whoami")).toBe(`${runtime} anonymous`);
        const old = client();
        old.cookie = loggedIn;
        // A store forgets the session; a sealed cookie is valid until it expires, as iron-session's is.
        expect(await old.text("whoami")).toMatch(new RegExp(`^${runtime} (anonymous|ann)$`));
      });

      it("stores a write before its redirect (Response.redirect: immutable headers) and sets the cookie on it", async () => {
        const browser = client();
        const first = await browser.request("POST", "write-redirect?note=first");
        expect(first.status).toBe(303);
        expect(first.headers.get("location")).toBe(new URL("note", browser.base).href);
        expect(setCookie(first, "sid")).toBeDefined();
        expect(await browser.text("note")).toBe("first");
        await browser.request("POST", "login", { username: "bo" });
        const second = await browser.request("POST", "write-redirect?note=second");
        expect(second.status).toBe(303);
        expect(await browser.text("note")).toBe("second");
        expect(await browser.text("whoami")).toBe(`${runtime} bo`);
      });

      it("gives a forged or tampered cookie a fresh session, never a crash", async () => {
        const browser = client();
        await browser.request("POST", "login", { username: "cy" });
        const valid = browser.cookie!;
        const last = valid.at(-1) === "A" ? "B" : "A";
        for (const forged of [valid.slice(0, -1) + last, "x".repeat(43) + "." + "y".repeat(43), "../../etc/passwd", "v1.%00.%ff", "a".repeat(5000)]) {
          const attacker = client();
          attacker.cookie = forged;
          const response = await attacker.request("GET", "whoami");
          expect(response.status).toBe(200);
          expect(await response.text()).toBe(`${runtime} anonymous`);
        }
        expect(await browser.text("whoami")).toBe(`${runtime} cy`);
      });

      it("answers a store failure with a typed STORE_UNAVAILABLE (503) and keeps serving", async () => {
        const response = await fetch(new URL("fail", client().base), { method: "POST", signal: AbortSignal.timeout(15_000) });
        expect(response.status).toBe(503);
        expect(await response.text()).toBe("store unavailable: STORE_UNAVAILABLE");
        expect(response.headers.getSetCookie()).toEqual([]);
        expect(await client().text("whoami")).toBe(`${runtime} anonymous`);
      });
    });
  }
}
