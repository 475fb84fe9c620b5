/**
 * The example apps' login tests: the flow every framework example passes (`loginFlowTests`),
 * and what their test files need around it (a server's base URL, the session cookie, the demo
 * server as a child process).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import type { AddressInfo, Server } from "node:net";
import { expect, it } from "vitest";

/** The `name=value` pair of the cookie `name` a response sets, or undefined. */
export function cookieOf(res: Response, name = "sid"): string | undefined {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith(`${name}=`));
}

/** `http://127.0.0.1:<port>` of a server bound (or binding) to 127.0.0.1, once it listens. */
export async function baseUrl(server: Server): Promise<string> {
  if (!server.listening) await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a server, resolving once it has (whether or not it was open). */
export async function closeServer(server: Server): Promise<void> {
  await new Promise((resolve) => server.close(resolve));
}

/** An example app under test: its base URL (known once `beforeAll` has run) and its Manager's session count. */
export interface LoginApp {
  base(): string;
  count(): Promise<number>;
}

/**
 * The login flow of the framework examples (form at `/`, `POST /login`, `POST /logout`, cookie
 * `sid`): registers its tests with vitest's `it` in the calling file or `describe`.
 */
export function loginFlowTests(app: LoginApp): void {
  const post = (path: string, body: Record<string, string>, cookie = "") =>
    fetch(app.base() + path, { method: "POST", body: new URLSearchParams(body), headers: { cookie }, redirect: "manual" });
  const page = async (cookie: string) => (await fetch(app.base() + "/", { headers: { cookie } })).text();

  it("logs in with a new id, greets the user on every visit, and logs out", async () => {
    const anonymous = await fetch(app.base() + "/");
    expect(await anonymous.text()).toContain('action="/login"');
    expect(anonymous.headers.getSetCookie()).toEqual([]);

    const login = await post("/login", { username: "ann", password: "pw" });
    expect(login.status).toBe(303);
    const cookie = cookieOf(login)!;
    expect(cookie).toMatch(/^sid=./);
    expect(await app.count()).toBe(1);
    expect(await page(cookie)).toContain("Hello, ann! Visit 1.");
    expect(await page(cookie)).toContain("Hello, ann! Visit 2.");

    // Logging in again from that session issues yet another id.
    const again = await post("/login", { username: "ann", password: "pw" }, cookie);
    expect(cookieOf(again)).not.toBe(cookie);

    const logout = await post("/logout", {}, cookieOf(again));
    expect(logout.status).toBe(303);
    expect(logout.headers.getSetCookie().join()).toMatch(/^sid=;.*Max-Age=0/i);
    expect(await page(cookieOf(again)!)).toContain('action="/login"');
    expect(await page(cookie)).toContain('action="/login"');
    expect(await app.count()).toBe(0);
  });

  it("refuses a login without a password and sets no cookie", async () => {
    const res = await post("/login", { username: "ann", password: "" });
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
}

/** A built server started as its own process: the child at once, its base URL once it prints one. */
export interface ServerProcess {
  child: ChildProcess;
  base: Promise<string>;
}

/**
 * Starts `node <file>` with PORT=0 and `env` over this process's environment; `base` resolves with the
 * first `http://127.0.0.1:<port>` it prints and rejects if it exits before that.
 */
export function startServerProcess(file: string, env: NodeJS.ProcessEnv = {}): ServerProcess {
  const child = spawn(process.execPath, [file], { env: { ...process.env, PORT: "0", ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8");
  const base = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (match) resolve(match[0]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, base };
}

/** Stops a child started by `startServerProcess` (SIGTERM) and waits for it to exit, if it still runs. */
export async function stopServerProcess(child: ChildProcess | undefined): Promise<void> {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
}
