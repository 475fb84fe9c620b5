import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserStatus } from "./browser-status.ts";
import { ensureBuilt, startNext, stopNext } from "./next-server.ts";

// Debian's Chromium (.ci/browser.sh installs it), as in the login demo's browser suite:
// absent locally, the suite does not run and a banner says so; with SESS_TEST_REQUIRE_BROWSER=1
// (CI) a missing browser fails it.
const status = browserStatus();

let server: ChildProcess | undefined;
let base: string;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!status.run) return;
  if (!status.present) {
    throw new Error(`Chromium not found at ${status.path} and SESS_TEST_REQUIRE_BROWSER=1: run .ci/browser.sh (apt-get install -y chromium) or set SESS_CHROMIUM`);
  }
  ensureBuilt();
  const started = await startNext();
  server = started.child;
  base = started.base;
  profile = mkdtempSync(path.join(tmpdir(), "sess-next-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: status.path,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 300_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await stopNext(server);
}, 30_000);

describe.skipIf(!status.run)(`${status.run ? "" : "NOT RUN (no browser, see the banner): "}Next.js example in Chromium (next start)`, () => {
  it("logs in by Server Action, shows the protected page (gated and counted by the proxy), counts a visit in a Route Handler, logs out", async () => {
    const page = await context.newPage();
    await page.goto(base + "/protected");
    await page.waitForURL(base + "/");
    await page.fill('input[name="username"]', "ann");
    await Promise.all([page.waitForURL(base + "/protected"), page.click('button[type="submit"]')]);
    expect(await page.textContent("#secret")).toBe("Protected page of ann");
    expect(await page.textContent("#visits")).toBe("0");
    // The proxy (Next's middleware, on the Fetch adapter) counted this view before the page rendered.
    expect(await page.textContent("#views")).toBe("1");

    const [cookie] = (await context.cookies(base)).filter((c) => c.name === "sid");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(String(await page.evaluate("document.cookie"))).not.toContain("sid=");

    await page.click("text=Count a visit");
    await page.waitForSelector("#counted");
    expect(await page.textContent("#counted")).toBe("1");
    await page.reload();
    expect(await page.textContent("#visits")).toBe("1");
    expect(await page.textContent("#views")).toBe("2");

    await page.goto(base + "/");
    expect(await page.textContent("#greeting")).toBe("Hello, ann!");
    await Promise.all([page.waitForURL(base + "/"), page.click("text=Log out")]);
    await page.waitForSelector('input[name="username"]');
    expect((await context.cookies(base)).filter((c) => c.name === "sid")).toEqual([]);
    await page.goto(base + "/protected");
    await page.waitForURL(base + "/");
    await page.close();
  });

  it("keeps a Server Component read-only: a change throws HEADERS_SENT instead of being stored without its cookie", async () => {
    const page = await context.newPage();
    await page.goto(base + "/write-in-render");
    expect(await page.textContent("#outcome")).toBe(
      "HEADERS_SENT: [sess] [next] session.set() in a Server Component: Next.js cannot set cookies while rendering; change the session in a Server Action or Route Handler (getSession)",
    );
    await page.close();
  });

  it("gives a forged cookie an anonymous view and the Route Handler a fresh session", async () => {
    const forged = await fetch(base + "/api/me", { headers: { cookie: "sid=" + "A".repeat(43) + "." + "B".repeat(43) } });
    expect(forged.status).toBe(200);
    expect(await forged.json()).toEqual({ username: null });
  });
});
