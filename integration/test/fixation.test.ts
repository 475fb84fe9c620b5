import { afterEach, describe, expect, it } from "vitest";
import { newSessionId } from "@sess/core/provider";
import { apps, type Harness } from "./support/apps.js";

describe.each(apps)("fixation, regenerate and destroy over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("a well-formed id the server never issued is replaced by a new one, never adopted", async () => {
    app = await start();
    const attacker = newSessionId();
    const victim = app.browser();
    victim.set("sid", attacker);
    const login = await victim.post("/login", { username: "victim", password: "secret" });
    const issued = login.setCookies.find((c) => c.name === "sid")!.value;
    expect(issued).not.toBe(attacker);
    // The attacker's planted id names nothing, before or after the victim logged in.
    expect(await app.manager.load(attacker)).toBeNull();
    const planted = app.browser();
    planted.set("sid", attacker);
    expect(JSON.parse((await planted.get_("/whoami")).body)).toMatchObject({ isNew: true, username: null });
  });

  it("an unknown id that stores data gets a new id in Set-Cookie", async () => {
    app = await start();
    const unknown = newSessionId();
    const browser = app.browser();
    browser.set("sid", unknown);
    const res = await browser.fetch("/set?a=1", { method: "POST" });
    const { id } = JSON.parse(res.body) as { id: string };
    expect(id).not.toBe(unknown);
    expect(browser.get("sid")).toBe(id);
    expect(await app.manager.load(unknown)).toBeNull();
    expect((await app.manager.load(id))?.get("a")).toBe("1");
  });

  it("regenerate gives a new id at once, keeps the data, and the old id is dead", async () => {
    app = await start();
    const browser = app.browser();
    await browser.fetch("/set?a=1&b=2", { method: "POST" });
    const oldId = browser.get("sid")!;
    const res = await browser.fetch("/regenerate", { method: "POST" });
    const { id } = JSON.parse(res.body) as { id: string };
    expect(id).not.toBe(oldId);
    expect(browser.get("sid")).toBe(id);
    expect(await app.manager.load(oldId)).toBeNull();
    const loaded = (await app.manager.load(id))!;
    expect([loaded.get("a"), loaded.get("b")]).toEqual(["1", "2"]);
    expect(await app.manager.count()).toBe(1);
    const stale = app.browser();
    stale.set("sid", oldId);
    expect(JSON.parse((await stale.get_("/whoami")).body)).toMatchObject({ isNew: true, keys: [] });
  });

  it("destroy removes the record and a replay of the cookie gets a fresh session", async () => {
    app = await start();
    const browser = app.browser();
    await browser.post("/login", { username: "ann", password: "secret" });
    const id = browser.get("sid")!;
    await browser.post("/logout");
    expect(await app.manager.load(id)).toBeNull();
    expect(await app.manager.count()).toBe(0);
    const replay = app.browser();
    replay.set("sid", id);
    const res = await replay.fetch("/set?x=1", { method: "POST" });
    expect(JSON.parse(res.body).id).not.toBe(id);
    expect(await app.manager.load(id)).toBeNull(); // not revived by the replay
  });
});
