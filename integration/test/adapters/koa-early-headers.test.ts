// Koa responses whose headers go out before sess's middleware resumes: ctx.flushHeaders(),
// or ctx.respond = false with the handler ending ctx.res itself. The cookie must go with
// those headers, never a stored change without it (issue 21, defect 2).
import Koa from "koa";
import { afterEach, expect, it } from "vitest";
import type { Manager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { call } from "./support/http-client.js";
import type { RunningApp } from "./support/harness.js";
import { serveKoa, sidManager } from "./support/serve.js";
import { sealedProvider } from "./support/providers.js";
import "./support/session-data.js";

let manager: Manager;
let app: RunningApp;

async function start(sealed: boolean): Promise<void> {
  const provider = sealed ? sealedProvider() : new MemoryProvider();
  manager = await sidManager(provider);
  const koa = new Koa();
  koa.silent = true;
  koa.use(sessionMiddleware(manager));
  koa.use(async (ctx) => {
    if (ctx.path === "/flush") {
      ctx.session.set("username", "ann");
      ctx.status = 200;
      ctx.flushHeaders();
      await new Promise((resolve) => setTimeout(resolve, 10));
      ctx.body = "streamed";
      return;
    }
    if (ctx.path === "/raw") {
      await ctx.session.regenerate();
      ctx.session.set("username", "bob");
      ctx.respond = false;
      ctx.res.statusCode = 200;
      ctx.res.end("raw");
      return;
    }
    ctx.body = ctx.session.get("username") ?? "nobody";
  });
  app = await serveKoa(koa);
}
afterEach(async () => {
  await app.close();
  await manager.close();
});

for (const sealed of [false, true]) {
  const name = sealed ? "cookie provider" : "memory";
  it(`Koa (${name}): a change before ctx.flushHeaders() sends its cookie with those headers`, async () => {
    await start(sealed);
    const answer = await call(`${app.url}/flush`);
    expect(answer.sid).toBeDefined();
    expect((await call(`${app.url}/`, { cookie: answer.sid })).body).toBe("ann");
  });

  it(`Koa (${name}): ctx.respond = false and ctx.res.end() after regenerate() + set() still send the cookie`, async () => {
    await start(sealed);
    const answer = await call(`${app.url}/raw`);
    expect(answer.body).toBe("raw");
    expect(answer.sid).toBeDefined();
    expect((await call(`${app.url}/`, { cookie: answer.sid })).body).toBe("bob");
  });
}
