import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieOf as sessionCookie, startServerProcess, stopServerProcess } from "@sess/test-support/login-flow";

const serverFile = fileURLToPath(new URL("../dist/server.js", import.meta.url));
let child: ChildProcess;
let base: string;

// The demo exactly as `npm run demo` starts it: the built server in its own process.
beforeAll(async () => {
  const server = startServerProcess(serverFile, { SESS_PROVIDER: "memory" });
  child = server.child;
  base = await server.base;
}, 20_000);

afterAll(() => stopServerProcess(child));

const cookieOf = (res: Response) => sessionCookie(res, "gosessionid");

describe("login demo", () => {
  it("GET / shows the login form and sets no cookie", async () => {
    const res = await fetch(base + "/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('action="/login"');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("POST /login greets the user, counts visits, and POST /logout ends the session", async () => {
    const login = await fetch(base + "/login", {
      method: "POST",
      body: new URLSearchParams({ username: "astaxie", password: "pw" }),
      redirect: "manual",
    });
    expect(login.status).toBe(303);
    const cookie = cookieOf(login);
    expect(cookie).toBeDefined();

    const first = await (await fetch(base + "/", { headers: { cookie: cookie! } })).text();
    expect(first).toContain("hello, astaxie");
    expect(first).toMatch(/id="visits">1</);
    const second = await (await fetch(base + "/", { headers: { cookie: cookie! } })).text();
    expect(second).toMatch(/id="visits">2</);
    expect(second).toMatch(/id="active">[1-9]/);

    const logout = await fetch(base + "/logout", { method: "POST", headers: { cookie: cookie! }, redirect: "manual" });
    expect(logout.status).toBe(303);
    expect(logout.headers.getSetCookie().join()).toMatch(/gosessionid=;.*Max-Age=0/);
    const after = await (await fetch(base + "/", { headers: { cookie: cookie! } })).text();
    expect(after).toContain('action="/login"');
  });

  it("escapes the username it shows", async () => {
    const login = await fetch(base + "/login", {
      method: "POST",
      body: new URLSearchParams({ username: "<script>x</script>", password: "pw" }),
      redirect: "manual",
    });
    const page = await (await fetch(base + "/", { headers: { cookie: cookieOf(login)! } })).text();
    expect(page).toContain("hello, &#60;script&#62;x&#60;/script&#62;");
    expect(page).not.toContain("<script>x");
  });

  it("refuses a cross-origin form post", async () => {
    const res = await fetch(base + "/login", {
      method: "POST",
      headers: { origin: "http://evil.example" },
      body: new URLSearchParams({ username: "mallory", password: "pw" }),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("answers 403, not 500, to a form post with a malformed Origin header", async () => {
    for (const origin of ["http://[bad", "not a url", "null"]) {
      const res = await fetch(base + "/login", { method: "POST", headers: { origin }, body: new URLSearchParams({ username: "x", password: "pw" }), redirect: "manual" });
      expect(res.status, origin).toBe(403);
    }
  });

  it("lists the user's sessions with their user agents, ends one, and logs out everywhere else", async () => {
    const user = `ann-${Date.now()}`;
    const loginAs = async (ua: string) => {
      const res = await fetch(base + "/login", {
        method: "POST",
        headers: { "user-agent": ua },
        body: new URLSearchParams({ username: user, password: "pw" }),
        redirect: "manual",
      });
      return cookieOf(res)!;
    };
    const [laptop, phone, tablet] = [await loginAs("Laptop/1.0"), await loginAs("Phone/2.0"), await loginAs("<b>Tablet</b>")];
    const loggedIn = async (cookie: string) => (await (await fetch(base + "/", { headers: { cookie } })).text()).includes(`hello, ${user}`);
    const page = async (cookie: string) => (await fetch(base + "/sessions", { headers: { cookie } })).text();

    const listing = await page(laptop);
    expect(listing.match(/class="session"/g)).toHaveLength(3);
    expect(listing).toContain("Laptop/1.0");
    expect(listing).toContain("Phone/2.0");
    expect(listing).toContain("&#60;b&#62;Tablet&#60;/b&#62;");
    expect(listing).toMatch(/<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/time>/);
    expect(listing.match(/this device/g)).toHaveLength(1);
    expect(listing).not.toContain(laptop.split("=")[1]!.split(".")[0]!); // no session id on the page

    // End the phone's session from the laptop, by the handle the page shows.
    const phoneHandle = /data-handle="([^"]+)">\s*<div class="ua">Phone\/2\.0/.exec(listing)![1]!;
    const ended = await fetch(base + "/sessions/revoke", { method: "POST", headers: { cookie: laptop }, body: new URLSearchParams({ handle: phoneHandle }), redirect: "manual" });
    expect(ended.status).toBe(303);
    expect(await loggedIn(phone)).toBe(false);
    expect((await page(laptop)).match(/class="session"/g)).toHaveLength(2);

    // Log out everywhere else: the tablet goes, the laptop stays.
    await fetch(base + "/sessions/revoke-others", { method: "POST", headers: { cookie: laptop }, redirect: "manual" });
    expect(await loggedIn(tablet)).toBe(false);
    expect(await loggedIn(laptop)).toBe(true);
    const after = await page(laptop);
    expect(after.match(/class="session"/g)).toHaveLength(1);
    expect(after).toContain("No other sessions.");

    // Without a login the page sends the visitor home.
    expect((await fetch(base + "/sessions", { redirect: "manual" })).status).toBe(303);
  });
});
