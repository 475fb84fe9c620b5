import { isSessError } from "@sess/core";
import session from "express-session";
import { describe, expect, it } from "vitest";
import { expressSessionBridge } from "../src/index.js";
import { LEGACY_SECRET, sessManager } from "./support/apps.js";
import { legacyPair } from "./support/sign.js";

const store = new session.MemoryStore();

function put(id: string, data: Record<string, unknown>): Promise<void> {
  const cookie = { expires: new Date(Date.now() + 3600_000).toISOString(), originalMaxAge: 3600_000, httpOnly: true, path: "/" };
  return new Promise((resolve, reject) => store.set(id, { cookie, ...data } as never, (err) => (err ? reject(err as Error) : resolve())));
}

describe("options", () => {
  it.each<[string, unknown]>([
    ["store", { store: {} }],
    ["secret", { store, secret: "" }],
    ["secret", { store, secret: [] }],
    ["name", { store, secret: "s", name: "bad name" }],
    ["cookie.path", { store, secret: "s", cookie: { path: "no-slash" } }],
    ["cookie.domain", { store, secret: "s", cookie: { domain: "bad domain;" } }],
    ["joinWindow", { store, secret: "s", joinWindow: -1 }],
    ["timeout", { store, secret: "s", timeout: 0 }],
    ["map", { store, secret: "s", map: "rename" }],
    ["flash", { store, secret: "s", flash: "" }],
    ["keepLegacy", { store: { get() {}, destroy() {} }, secret: "s", keepLegacy: true }],
  ])("refuses a wrong %s with INVALID_CONFIG", async (named, options) => {
    const manager = await sessManager();
    try {
      expressSessionBridge(manager, options as never);
      expect.unreachable();
    } catch (err) {
      expect(isSessError(err, "INVALID_CONFIG")).toBe(true);
      expect((err as Error).message).toContain(named);
    } finally {
      await manager.close();
    }
  });
});

describe("copying a legacy session", () => {
  async function migrate(data: Record<string, unknown>, options: Record<string, unknown> = {}) {
    const errors: unknown[] = [];
    const manager = await sessManager({ onError: (err) => errors.push(err) });
    const id = `copy-${Math.random().toString(36).slice(2)}`;
    await put(id, data);
    const bridge = expressSessionBridge(manager, { store, secret: LEGACY_SECRET, ...options });
    const outcome = await bridge.migrate({ cookie: legacyPair(id, LEGACY_SECRET), secure: true });
    const sid = /(?:^|; )sid=([^;]+)/.exec(outcome?.cookie ?? "")?.[1];
    const moved = sid === undefined ? null : await manager.load(sid.slice(0, sid.indexOf(".")));
    await manager.close();
    return { outcome, moved, errors };
  }

  it("renames and types fields through map, and leaves connect-flash data as data with flash: false", async () => {
    const { moved } = await migrate(
      { uid: 7, flash: { info: ["hi"] } },
      { map: (legacy: Record<string, unknown>) => ({ userId: String(legacy.uid), legacyFlash: legacy.flash }), flash: false },
    );
    expect(moved?.keys().sort()).toEqual(["legacyFlash", "userId"]);
    expect(moved?.get("userId")).toBe("7");
    expect(moved?.get("legacyFlash")).toEqual({ info: ["hi"] });
  });

  it("keeps a flash field that is not connect-flash's shape as data", async () => {
    const { moved } = await migrate({ userId: "ada", flash: "not an object" });
    expect(moved?.get("flash")).toBe("not an object");
    expect(moved?.flashes("flash")).toEqual([]);
  });

  it("leaves out a field sess refuses (a reserved key) and reports it, moving the rest", async () => {
    const { moved, errors } = await migrate({ userId: "ada", "$sess:persist": true });
    expect(moved?.get("userId")).toBe("ada");
    expect(errors.length).toBe(1);
    expect(isSessError(errors[0], "INVALID_KEY")).toBe(true);
  });

  it("sends the sess cookie with the manager's attributes, Secure on a secure request", async () => {
    const { outcome } = await migrate({ userId: "ada" });
    const sessCookie = outcome?.setCookie.find((c) => c.startsWith("sid="));
    expect(sessCookie).toMatch(/^sid=[^;]+; Max-Age=3600; Expires=[^;]+ GMT; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
  });

  it("moves nothing for a legacy session without data (an anonymous one), and expires its cookie", async () => {
    const { outcome, moved } = await migrate({});
    expect(moved).toBeNull();
    expect(outcome?.setCookie).toEqual(["connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"]);
  });
});
