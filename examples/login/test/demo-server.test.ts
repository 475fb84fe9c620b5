import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const serverFile = fileURLToPath(new URL("../dist/server.js", import.meta.url));
let child: ChildProcess;
let base: string;

// The demo exactly as `npm run demo` starts it: the built server in its own process.
beforeAll(async () => {
  child = spawn(process.execPath, [serverFile], { env: { ...process.env, PORT: "0", SESS_PROVIDER: "memory" }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: string) => {
      out += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (match) resolve(match[0]);
    });
    child.once("exit", (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
  });
  base = url;
}, 20_000);

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
});

function cookieOf(res: Response): string | undefined {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("gosessionid="));
}

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
});
