import { SessErrorCode, createManager, isSessError, newManager } from "@sess/core";
import { describe, expect, it } from "vitest";
import { cookieProvider } from "../src/index.js";
import { type Data, nodeApp } from "./support/app.js";
import { cookieOf, get, serve, setCookieLine } from "./support/http.js";
import { rawKey, sealedSession } from "./support/keys.js";
import { cookieServer } from "./support/servers.js";

/** The largest `/big?bytes=n` that still seals, by bisection. */
async function largestSealed(url: string): Promise<number> {
  let lo = 0;
  let hi = 4096;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((await get(url, `/big?bytes=${mid}`)).status === 200) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

describe("the seal is bound to the manager's cookie name", () => {
  it("a value issued as `sid` gives a fresh session under a manager named `admin_sid` with the same keys", async () => {
    const key = rawKey();
    const user = await cookieServer([key], {}, "sid");
    const admin = await cookieServer([key], {}, "admin_sid");
    const issued = cookieOf(await get(user.url, "/set?role=admin"), "sid")!;
    expect((await get(user.url, "/", `sid=${issued}`)).body).toMatchObject({ isNew: false, data: { role: "admin" } });
    const replayed = await get(admin.url, "/", `admin_sid=${issued}`);
    expect(replayed.body).toMatchObject({ isNew: true, data: {} });
  });

  it("cookieProvider({ cookieName }) binds the name when the provider is built by hand", async () => {
    const key = rawKey();
    const value = cookieProvider({ keys: [key], cookieName: "sid" }).seal(sealedSession());
    expect(cookieProvider({ keys: [key], cookieName: "sid" }).unseal(value)).not.toBeNull();
    expect(cookieProvider({ keys: [key], cookieName: "admin_sid" }).unseal(value)).toBeNull();
    expect(cookieProvider({ keys: [key] }).unseal(value)).toBeNull();
    const manager = await createManager({ provider: cookieProvider({ keys: [key], cookieName: "admin_sid" }), cookieName: "admin_sid", maxLifetime: 60 });
    await manager.close();
  });
});

describe("the size limit counts the real cookie name and attributes", () => {
  it("with a 600-byte cookie name the largest session that seals still makes a Set-Cookie within 4096 bytes, and one byte more is TOO_LARGE", async () => {
    const name = `s${"x".repeat(599)}`;
    const { url } = await cookieServer([rawKey()], { domain: "example.com", path: "/account" }, name);
    const lo = await largestSealed(url);
    const line = setCookieLine(await get(url, `/big?bytes=${lo}`), name)!;
    expect(line).toContain("Domain=example.com");
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(line)).toBeGreaterThan(4096 - 64);
    expect((await get(url, `/big?bytes=${lo + 1}`)).body.code).toBe("TOO_LARGE");
  });

  it("a provider built by hand without the cookie name still never makes a Set-Cookie over 4096 bytes: the Manager refuses it with TOO_LARGE", async () => {
    const name = `s${"x".repeat(599)}`;
    const manager = await createManager<Data>({ provider: cookieProvider({ keys: [rawKey()] }), cookieName: name, maxLifetime: 3600, secure: false });
    const running = await serve(nodeApp(manager));
    try {
      const lo = await largestSealed(running.url);
      expect(Buffer.byteLength(setCookieLine(await get(running.url, `/big?bytes=${lo}`), name)!)).toBeLessThanOrEqual(4096);
      const refused = await get(running.url, `/big?bytes=${lo + 1}`);
      expect(refused.body.code).toBe("TOO_LARGE");
      expect(refused.body.message).toContain("4096 bytes");
      expect(refused.setCookies).toEqual([]);
    } finally {
      await running.close();
      await manager.close();
    }
  });

  it("a cookie name that leaves no room for a session refuses the configuration with INVALID_CONFIG", async () => {
    const err: unknown = await newManager("cookie", "s".repeat(3900), 3600, [rawKey()]).then(
      async (m) => m.close(),
      (e: unknown) => e,
    );
    expect(isSessError(err, SessErrorCode.INVALID_CONFIG)).toBe(true);
    expect((err as Error).message).toMatch(/shorten the cookie name/);
  });

  it("cookieProvider({ cookieName }) built by hand reserves room for a long name", () => {
    const provider = cookieProvider({ keys: [rawKey()], cookieName: "n".repeat(1000) });
    expect(() => provider.seal(sealedSession({ big: "x".repeat(2500) }))).toThrow(/cookie limit/);
    expect(provider.seal(sealedSession({ big: "x".repeat(2000) })).length).toBeLessThan(4096 - 1001);
  });
});
