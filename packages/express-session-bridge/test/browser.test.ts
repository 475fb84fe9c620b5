import session from "express-session";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legacyServer, sessServer } from "./support/apps.js";
import { browserStatus } from "./support/browser-status.js";
import { close, listen } from "./support/http.js";

// Debian's Chromium; without it this suite does not run and the banner (support/browser-banner.ts)
// says so; with SESS_TEST_REQUIRE_BROWSER=1 (CI) a missing browser fails it.
const status = browserStatus();
let browser: Browser;

beforeAll(async () => {
  if (!status.run) return;
  if (!status.present) {
    throw new Error(`Chromium not found at ${status.path} and SESS_TEST_REQUIRE_BROWSER=1: run .ci/browser.sh (apt-get install -y chromium) or set SESS_CHROMIUM`);
  }
  browser = await chromium.launch({ executablePath: status.path, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!status.run)(`${status.run ? "" : "NOT RUN (no browser, see the banner): "}the switch in Chromium`, () => {
  it("a user logged in under express-session is still logged in after the switch, with a sess cookie and no connect.sid", async () => {
    const store = new session.MemoryStore();
    const legacy = legacyServer(store);
    const port = await listen(legacy);
    const base = `http://127.0.0.1:${port}`;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // A real form post, as the old login page did.
      await page.setContent(`<form method="post" action="${base}/login/ada"><button>log in</button></form>`);
      await Promise.all([page.waitForURL(`${base}/login/ada`), page.click("button")]);
      await page.goto(`${base}/me`);
      expect(JSON.parse((await page.textContent("body"))!)).toMatchObject({ userId: "ada" });
      expect((await context.cookies(base)).map((c) => c.name)).toEqual(["connect.sid"]);
      await close(legacy);

      // The deploy: sess and the bridge on the same port, over the same store.
      const app = await sessServer(store);
      await listen(app.server, port);
      try {
        await page.reload();
        expect(JSON.parse((await page.textContent("body"))!)).toMatchObject({
          userId: "ada",
          flash: { info: ["welcome ada", "you have mail"], error: ["password expires soon"] },
        });
        const cookies = await context.cookies(base);
        expect(cookies.map((c) => c.name)).toEqual(["sid"]);
        expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: "Lax" });
        // The next page is served from the sess session alone; the flashes were shown once.
        await page.reload();
        expect(JSON.parse((await page.textContent("body"))!)).toMatchObject({ userId: "ada", flash: { info: [], error: [] } });
        expect(await app.manager.count()).toBe(1);
      } finally {
        await close(app.server);
        await app.manager.close();
      }
    } finally {
      await context.close();
    }
  });
});
