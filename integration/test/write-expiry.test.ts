// A write moves the stored expiry in steps of at least touchAfter, and the cookie follows the
// stored expiry exactly: a session changed on every request is not re-sent a cookie every time.
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { apps, type Harness } from "./support/apps.js";

describe.each(apps)("writes and the cookie's expiry over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("a write within touchAfter sends no cookie and keeps the stored expiry; one after it refreshes both", async () => {
    app = await start({ touchAfter: 60 });
    const browser = app.browser();
    const created = await browser.fetch("/set?n=1", { method: "POST" });
    expect(created.setCookies).toHaveLength(1);
    const id = browser.get("sid")!;
    const expiresAt = (await app.store.provider.read(storageKey(id)))!.expiresAt;

    app.clock.advance(30);
    const soon = await browser.fetch("/set?n=2", { method: "POST" });
    expect(soon.setCookies).toEqual([]);
    const stored = (await app.store.provider.read(storageKey(id)))!;
    expect(stored.expiresAt).toBe(expiresAt);
    expect(stored.data.n).toBe(JSON.stringify("2"));

    app.clock.advance(31);
    const later = await browser.fetch("/set?n=3", { method: "POST" });
    expect(later.setCookies).toHaveLength(1);
    expect(Number(later.setCookies[0]!.attributes.get("max-age"))).toBe(3600);
    expect((await app.store.provider.read(storageKey(id)))!.expiresAt).toBe(expiresAt + 61_000);
  });
});

function storageKey(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}
