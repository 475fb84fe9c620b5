import { expect, it } from "vitest";
import type { RuntimeName } from "../../app/routes.ts";
import { Client } from "./client.ts";
import type { AppHandle } from "./scenarios.ts";
import type { TestStore } from "./stores.ts";

const BOUND_MS = 10_000;

/** The real store goes away mid-session (the proxy resets every connection), then comes back. */
export function storeOutageScenario(runtime: RuntimeName, handle: AppHandle, store: () => TestStore): void {
  it("answers a real store outage with 503 in bounded time and recovers when the store returns", async () => {
    const browser = new Client(new URL("fetch/", handle.app().url));
    await browser.request("POST", "login", { username: "dee" });
    expect(await browser.text("whoami")).toBe(`${runtime} dee`);
    store().proxy.cut("reset");
    try {
      const started = Date.now();
      const down = await browser.request("GET", "whoami");
      expect(down.status).toBe(503);
      expect(await down.text()).toBe("store unavailable: STORE_UNAVAILABLE");
      expect(Date.now() - started).toBeLessThan(BOUND_MS);
    } finally {
      store().proxy.restore();
    }
    // The provider reconnects by itself; its client's backoff decides when.
    const deadline = Date.now() + BOUND_MS;
    let body = "";
    while (Date.now() < deadline) {
      const response = await browser.request("GET", "whoami");
      body = await response.text();
      if (response.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(body).toBe(`${runtime} dee`);
  });
}
