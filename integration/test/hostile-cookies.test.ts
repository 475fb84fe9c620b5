import { afterEach, describe, expect, it } from "vitest";
import { newSessionId, signId } from "@sess/core/provider";
import { apps, type Harness } from "./support/apps.js";
import { rawCookieRequest } from "./support/raw-http.js";

const OLD = "an-older-secret-still-listed";
const CURRENT = "the-current-signing-secret";
const RETIRED = "a-retired-secret-no-longer-listed";

const signed = (id: string, secret: string) => signId(id, [Buffer.from(secret)]);

describe.each(apps)("hostile cookies over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  /** Stores a session signed with the current secret and returns its id. */
  async function seed(): Promise<string> {
    const s = app.manager.create();
    s.set("username", "owner");
    await s.release();
    return s.id;
  }

  const malformed: [string, (id: string) => string][] = [
    ["empty", () => ""],
    ["one character", () => "a"],
    ["10 KB", () => "a".repeat(10_240)],
    ["a path", () => "../../etc/passwd"],
    ["a percent-encoded path", () => "..%2F..%2Fetc%2Fpasswd"],
    ["the bare id without signature", (id) => id],
    ["a wrong signature", (id) => `${id}.${signed(newSessionId(), CURRENT).split(".")[1]}`],
    ["a signature by a rotated-out secret", (id) => signed(id, RETIRED)],
    ["a signature with junk appended", (id) => `${signed(id, CURRENT)}=`],
    ["a tampered id", (id) => signed(id, CURRENT).replace(/^./, (c) => (c === "A" ? "B" : "A"))],
    ["two dots", (id) => `${signed(id, CURRENT)}.x`],
  ];

  it.each(malformed)("a cookie that is %s gets a fresh session without asking the store", async (_label, make) => {
    app = await start({ secrets: [CURRENT, OLD] });
    const id = await seed();
    app.store.reset();
    const browser = app.browser();
    const value = make(id);
    browser.set("sid", value);
    const res = await browser.get_("/whoami");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ isNew: true, username: null });
    expect(JSON.parse(res.body).id).not.toBe(id);
    expect(app.store.total()).toBe(0);
    // The bad cookie is cleared so the browser stops sending it.
    expect(res.setCookies.map((c) => [c.name, c.value, c.attributes.get("max-age")])).toEqual([["sid", "", "0"]]);
    expect(app.errors).toEqual([]);
  });

  it("a cookie signed with a still-listed older secret verifies and loads", async () => {
    app = await start({ secrets: [CURRENT, OLD] });
    const id = await seed();
    const browser = app.browser();
    browser.set("sid", signed(id, OLD));
    const res = await browser.get_("/whoami");
    expect(JSON.parse(res.body)).toMatchObject({ id, isNew: false, username: "owner" });
  });

  it("a refreshed cookie that was signed with an older secret comes back signed with the current one", async () => {
    app = await start({ secrets: [CURRENT, OLD] });
    const id = await seed();
    const browser = app.browser();
    browser.set("sid", signed(id, OLD));
    await browser.fetch("/set?a=1", { method: "POST" });
    expect(browser.get("sid")).toBe(signed(id, CURRENT));
  });

  it("a cookie signed with the current secret loads, and new cookies are signed with it", async () => {
    app = await start({ secrets: [CURRENT, OLD] });
    const browser = app.browser();
    const res = await browser.fetch("/set?a=1", { method: "POST" });
    const { id } = JSON.parse(res.body) as { id: string };
    expect(browser.get("sid")).toBe(signed(id, CURRENT));
    expect(JSON.parse((await browser.get_("/whoami")).body)).toMatchObject({ id, isNew: false });
  });

  const rawBytes: [string, Buffer][] = [
    ["a NUL byte", Buffer.from("abc\0def")],
    ["non-ASCII bytes", Buffer.from("sïd-é-😀", "utf8")],
    ["latin-1 bytes", Buffer.from([0xe9, 0xff, 0x80, 0x41])],
    ["a control character", Buffer.from("ab\x01cd")],
  ];

  it.each(rawBytes)("a Cookie header with %s never crashes the server or reaches the store", async (_label, bytes) => {
    app = await start({ secrets: [CURRENT, OLD] });
    const id = await seed();
    app.store.reset();
    const res = await rawCookieRequest(app.port, "/whoami", "sid", Buffer.concat([Buffer.from(`${signed(id, CURRENT)}`), bytes]));
    // Node's parser may refuse the header outright (400); if it passes, the session is fresh.
    expect([200, 400]).toContain(res.status);
    if (res.status === 200) expect(JSON.parse(res.body)).toMatchObject({ isNew: true, username: null });
    expect(app.store.total()).toBe(0);
    // The server still serves the next request, and the owner's session is intact.
    const owner = app.browser();
    owner.set("sid", signed(id, CURRENT));
    expect(JSON.parse((await owner.get_("/whoami")).body)).toMatchObject({ id, username: "owner" });
  });

  it("a Cookie header with only non-ASCII bytes as the value gets a fresh session", async () => {
    app = await start();
    const res = await rawCookieRequest(app.port, "/whoami", "sid", Buffer.from("ÿé", "latin1"));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ isNew: true });
    expect(app.store.total()).toBe(0);
  });

  it("without secrets, a malformed cookie never reaches the store", async () => {
    app = await start();
    const browser = app.browser();
    for (const value of ["", "a", "a".repeat(10_240), "../../etc/passwd", `${newSessionId()}x`]) {
      browser.set("sid", value);
      const res = await browser.get_("/whoami");
      expect(JSON.parse(res.body)).toMatchObject({ isNew: true });
    }
    expect(app.store.total()).toBe(0);
  });

  it("a session cookie sent twice uses the first value", async () => {
    app = await start();
    const s = app.manager.create();
    s.set("username", "first");
    await s.release();
    const res = await app.browser().get_("/whoami", { cookie: `sid=${s.id}; sid=${newSessionId()}` });
    expect(JSON.parse(res.body)).toMatchObject({ id: s.id, username: "first" });
  });
});
