import { afterEach, describe, expect, it } from "vitest";
import { apps, type Harness } from "./support/apps.js";

describe.each(apps)("concurrency on the memory provider over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("50 parallel requests on one session, each setting a different key: all kept", async () => {
    app = await start();
    app.store.slow.set("write", 20); // every request loads before any writes
    const browser = app.browser();
    await browser.fetch("/set?base=0", { method: "POST" });
    const cookie = `sid=${browser.get("sid")}`;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => browser.fetch(`/set?k${i}=${i}`, { method: "POST", headers: { cookie } })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const keys = JSON.parse((await browser.get_("/whoami")).body).keys as string[];
    expect(keys).toHaveLength(51);
    expect(keys).toEqual(expect.arrayContaining(["base", ...Array.from({ length: 50 }, (_, i) => `k${i}`)]));
  });

  it("a logout racing a write does not bring the session back", async () => {
    app = await start();
    app.store.slow.set("write", 50);
    const browser = app.browser();
    await browser.post("/login", { username: "ann", password: "secret" });
    const id = browser.get("sid")!;
    const cookie = `sid=${id}`;
    const [write] = await Promise.all([
      browser.fetch("/set?late=1", { method: "POST", headers: { cookie } }),
      browser.fetch("/logout", { method: "POST", headers: { cookie } }),
    ]);
    expect(write.status).toBe(200);
    expect(await app.manager.load(id)).toBeNull();
    // Whichever loaded first, the old session is gone: either the write found it destroyed
    // and stored nothing, or it ran after the logout on a brand-new session of its own.
    const { id: writtenId } = JSON.parse(write.body) as { id: string };
    if (writtenId === id) expect(await app.manager.count()).toBe(0);
    else expect((await app.manager.load(writtenId))?.keys()).toEqual(["late"]);
  });
});

describe("concurrency through the Manager", () => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("two loads of one session changing different keys concurrently: both kept", async () => {
    app = await apps[0]![1]();
    const s = app.manager.create();
    s.set("username", "ann");
    await s.release();
    const [a, b] = await Promise.all([app.manager.load(s.id), app.manager.load(s.id)]);
    a!.set("visits", 1);
    b!.set("theme" as "username", "dark");
    b!.delete("username");
    await Promise.all([a!.release(), b!.release()]);
    const after = (await app.manager.load(s.id))!;
    expect(after.get("visits")).toBe(1);
    expect(after.get("theme" as "username")).toBe("dark");
    expect(after.has("username")).toBe(false);
  });

  it.each(["release first", "destroy first"])("a release racing a destroy (%s) does not revive the session", async (order) => {
    app = await apps[0]![1]();
    const s = app.manager.create();
    s.set("username", "ann");
    await s.release();
    const writer = (await app.manager.load(s.id))!;
    const killer = (await app.manager.load(s.id))!;
    writer.set("visits", 5);
    const results = order === "release first" ? await Promise.all([writer.release(), killer.destroy()]) : (await Promise.all([killer.destroy(), writer.release()])).reverse();
    expect(await app.manager.load(s.id)).toBeNull();
    expect(await app.manager.count()).toBe(0);
    if (order === "destroy first") expect(results[0]).toBe(false);
  });

  it("a write to a destroyed session resolves false and leaves nothing behind", async () => {
    app = await apps[0]![1]();
    const s = app.manager.create();
    s.set("username", "ann");
    await s.release();
    const stale = (await app.manager.load(s.id))!;
    await (await app.manager.load(s.id))!.destroy();
    stale.set("visits", 2);
    expect(await stale.release()).toBe(false);
    expect(stale.destroyed).toBe(true);
    expect(await app.manager.count()).toBe(0);
    expect(() => stale.set("visits", 3)).toThrow(expect.objectContaining({ code: "SESSION_CLOSED" }) as Error);
  });
});
