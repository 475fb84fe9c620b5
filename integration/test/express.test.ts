import { afterEach, describe, expect, it } from "vitest";
import { SessErrorCode } from "@sess/core";
import { apps, startExpressApp, type Harness } from "./support/apps.js";

describe("Express: sessionMiddleware", () => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("a redirect right after a change is followed by a request that sees it, even with a slow store", async () => {
    app = await startExpressApp();
    app.store.slow.set("write", 150);
    const browser = app.browser();
    const redirect = await browser.fetch("/set-and-redirect?note=hello", { method: "POST" });
    expect(redirect.status).toBe(302);
    // The response was held until the write finished: the store already has it.
    expect(app.store.calls.get("write")).toBe(1);
    const follow = await browser.get_(redirect.headers.get("location")!);
    expect(JSON.parse(follow.body)).toMatchObject({ isNew: false, keys: ["note"] });
    const again = await browser.fetch("/set-and-redirect?other=1", { method: "POST" });
    expect(again.status).toBe(302);
    expect(JSON.parse((await browser.get_("/whoami")).body).keys).toEqual(["note", "other"]);
  });

  it("a store failure goes to the error handler, not to a success response", async () => {
    app = await startExpressApp();
    app.store.failing.add("write");
    const browser = app.browser();
    const res = await browser.fetch("/set-and-redirect?a=1", { method: "POST" });
    expect(res.status).toBe(500);
    expect(res.body).toBe(SessErrorCode.STORE_UNAVAILABLE);
    expect(app.errors).toEqual([expect.objectContaining({ code: SessErrorCode.STORE_UNAVAILABLE })]);
    app.store.failing.clear();
    const retry = await browser.fetch("/set-and-redirect?a=1", { method: "POST" });
    expect(retry.status).toBe(302);
  });

  it("a store failure after the headers went out reaches the error handler and fails the response", async () => {
    app = await startExpressApp();
    const browser = app.browser();
    await browser.fetch("/set?a=1", { method: "POST" });
    app.store.failing.add("write");
    const outcome = await browser.get_("/stream-set?b=2").then(
      (res) => res.body,
      (err: unknown) => err,
    );
    expect(outcome).not.toBe("partial;done"); // never a complete response for a lost write
    expect(app.errors).toEqual([expect.objectContaining({ code: SessErrorCode.STORE_UNAVAILABLE })]);
  });

  it("a store failure while loading goes to the error handler", async () => {
    app = await startExpressApp();
    const browser = app.browser();
    await browser.fetch("/set?a=1", { method: "POST" });
    app.store.failing.add("read");
    const res = await browser.get_("/whoami");
    expect(res.status).toBe(500);
    expect(res.body).toBe(SessErrorCode.STORE_UNAVAILABLE);
  });
});

describe.each(apps)("store failures over %s", (_name, start) => {
  let app: Harness;
  afterEach(async () => app?.close());

  it("a failed write answers 500 STORE_UNAVAILABLE and the server keeps serving", async () => {
    app = await start();
    const browser = app.browser();
    await browser.post("/login", { username: "ann", password: "secret" });
    app.store.failing.add("write");
    const res = await browser.get_("/");
    expect(res.status).toBe(500);
    expect(res.body).toBe("STORE_UNAVAILABLE");
    app.store.failing.clear();
    expect((await browser.get_("/")).body).toBe("hello, ann (visit 1) [welcome]");
  });
});
