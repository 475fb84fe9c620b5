import { SessErrorCode, newManager } from "@sess/core";
import { withSession } from "@sess/core/fetch";
import { describe, expect, it } from "vitest";
import "../src/index.js";
import type { Data } from "./support/app.js";
import { rawKey } from "./support/keys.js";
import { cookieServer } from "./support/servers.js";

describe("the cookie provider through the Fetch adapter, the id header and the subject API", () => {
  it("withSession (Fetch Request/Response) seals into the Set-Cookie and reads it back", async () => {
    const manager = await newManager<Data>("cookie", "sid", 3600, [rawKey()], { secure: false });
    const handler = withSession(manager, async (request, session) => {
      if (new URL(request.url).pathname === "/set") session.set("user", "ada");
      return Response.json({ user: session.get("user") ?? null });
    });
    const first = await handler(new Request("http://test/set"));
    const line = first.headers.getSetCookie()[0]!;
    expect(line).toMatch(/^sid=v1\./);
    const again = await handler(new Request("http://test/", { headers: { cookie: line.slice(0, line.indexOf(";")) } }));
    expect(await again.json()).toEqual({ user: "ada" });
    expect(again.headers.getSetCookie()).toEqual([]);
    await manager.close();
  });

  it("idFromHeader: a client without cookies gets the sealed value in the header and sends it back", async () => {
    const { url } = await cookieServer([rawKey()], { idFromHeader: "x-session" });
    const first = await fetch(`${url}/set?user=ada`);
    const sealed = first.headers.get("x-session");
    expect(sealed).toMatch(/^v1\./);
    const again = await fetch(`${url}/`, { headers: { "x-session": sealed! } });
    expect(await again.json()).toMatchObject({ isNew: false, data: { user: "ada" } });
    const forged = await fetch(`${url}/`, { headers: { "x-session": `${sealed!.slice(0, -2)}AA` } });
    expect(await forged.json()).toMatchObject({ isNew: true, data: {} });
  });

  it("setSubject and the per-user session API reject UNSUPPORTED: nothing on the server lists a user's cookies", async () => {
    const { manager } = await cookieServer([rawKey()]);
    const session = manager.create();
    expect(() => session.setSubject("user-1")).toThrow(expect.objectContaining({ code: SessErrorCode.UNSUPPORTED }));
    await expect(manager.listSessions("user-1")).rejects.toMatchObject({ code: SessErrorCode.UNSUPPORTED });
    await expect(manager.revokeSessions("user-1")).rejects.toMatchObject({ code: SessErrorCode.UNSUPPORTED });
  });
});
