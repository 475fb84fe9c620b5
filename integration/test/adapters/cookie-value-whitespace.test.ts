// Only RFC 6265 white space (SP, HTAB) frames a cookie value: a signed or sealed value
// followed by U+00A0 or U+FEFF is another value and must not open the same session
// (issue 22, item 9).
import { afterEach, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { rawCookieRequest } from "../support/raw-http.js";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { sealedProvider } from "./support/providers.js";
import { serveExpressLogin, sidManager } from "./support/serve.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;

async function start(sealed: boolean): Promise<string> {
  manager = await sidManager(sealed ? sealedProvider() : undefined, { secrets: ["a secret of at least thirty-two characters"] });
  app = await serveExpressLogin(manager);
  const login = await call(`${app.url}/login`, { method: "POST" });
  return login.sid!.slice("sid=".length);
}
afterEach(async () => {
  await app.close();
  await manager.close();
});

for (const sealed of [false, true]) {
  const kind = sealed ? "sealed" : "signed";
  it(`Express: a ${kind} value followed by U+00A0 (sent as the byte 0xA0) opens no session`, async () => {
    const value = await start(sealed);
    const port = Number(new URL(app.url).port);
    const send = (tail: string) => rawCookieRequest(port, "/", "sid", Buffer.from(value + tail, "latin1"));
    expect((await send(" \t; theme=dark")).body).toBe("ann");
    expect((await send("\u00a0")).body).toBe("nobody");
  });

  it(`bind(): a ${kind} value followed by U+FEFF or U+00A0 verifies as nothing, SP and HTAB around it are framing`, async () => {
    const value = await start(sealed);
    const sentId = (cookie: string) => manager.bind({ cookie, secure: false }).sentId;
    expect(sentId(`sid= \t${value}\t `)).toBeDefined();
    expect(sentId(`sid=${value}\ufeff`)).toBeUndefined();
    expect(sentId(`sid=${value}\u00a0`)).toBeUndefined();
    expect(sentId(`sid=\u00a0${value}`)).toBeUndefined();
  });
}
