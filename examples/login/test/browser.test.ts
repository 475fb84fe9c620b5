import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, stopServerProcess } from "@sess/test-support/login-flow";
import { browserStatus } from "./browser-status.mjs";

// Debian's Chromium (no browser download works here); `.ci/browser.sh` installs it. Without
// it the suite does not run and says so (test/browser-banner.ts); with
// SESS_TEST_REQUIRE_BROWSER=1 (CI) a missing browser fails it.
const status = browserStatus();
const CHROMIUM = status.path;
const serverFile = fileURLToPath(new URL("../dist/server.js", import.meta.url));
const outputDir = fileURLToPath(new URL("../test-output/", import.meta.url));

let demo: ChildProcess;
let base: string;
let attacker: Server;
let attackerBase: string;
let context: BrowserContext;
let profile: string;

// Another site (localhost instead of 127.0.0.1, another port) whose page posts a form to the demo.
async function startAttacker(target: string): Promise<string> {
  attacker = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" }).end(
      `<!doctype html><title>elsewhere</title><form id="f" method="post" action="${target}/logout"><button>win a prize</button></form>`,
    );
  });
  attacker.listen(0, "127.0.0.1");
  await once(attacker, "listening");
  return `http://localhost:${(attacker.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  if (!status.run) return;
  if (!status.present) {
    throw new Error(`Chromium not found at ${CHROMIUM} and SESS_TEST_REQUIRE_BROWSER=1: run .ci/browser.sh (apt-get install -y chromium) or set SESS_CHROMIUM`);
  }
  const server = startServerProcess(serverFile, { SESS_PROVIDER: "memory" });
  demo = server.child;
  base = await server.base;
  attackerBase = await startAttacker(base);
  profile = mkdtempSync(path.join(tmpdir(), "sess-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  attacker?.close();
  await stopServerProcess(demo);
}, 30_000);

describe.skipIf(!status.run)(`${status.run ? "" : "NOT RUN (no browser, see the banner): "}login demo in Chromium`, () => {
  it("logs in, keeps the session cookie from scripts, survives a reload, refuses a cross-site post, logs out", async () => {
    const page = await context.newPage();
    await page.goto(base + "/");
    await page.fill('input[name="username"]', "astaxie");
    await page.fill('input[name="password"]', "pw");
    await Promise.all([page.waitForURL(base + "/"), page.click('button[type="submit"]')]);
    expect(await page.textContent("h1")).toBe("hello, astaxie");
    expect(await page.textContent("#visits")).toBe("1");

    const [cookie] = (await context.cookies(base)).filter((c) => c.name === "gosessionid");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    // HttpOnly: the page's own scripts cannot read the session cookie.
    // A string expression: this package compiles without the DOM library.
    expect(String(await page.evaluate("document.cookie"))).not.toContain("gosessionid");

    mkdirSync(outputDir, { recursive: true });
    await page.screenshot({ path: path.join(outputDir, "logged-in.png"), fullPage: true });

    await page.reload();
    expect(await page.textContent("h1")).toBe("hello, astaxie");
    expect(await page.textContent("#visits")).toBe("2");

    // A page on another site submits a form to the demo's logout: refused, and the session lives on.
    const evil = await context.newPage();
    await evil.goto(attackerBase + "/");
    const [refused] = await Promise.all([evil.waitForResponse((r) => r.url() === base + "/logout"), evil.click("#f button")]);
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain("cross-origin form posts are refused");
    await page.reload();
    expect(await page.textContent("h1")).toBe("hello, astaxie");

    await Promise.all([page.waitForURL(base + "/"), page.click('form[action="/logout"] button')]);
    expect(await page.textContent("h1")).toBe("Log in");
    expect((await context.cookies(base)).filter((c) => c.name === "gosessionid")).toEqual([]);
  }, 60_000);
});
