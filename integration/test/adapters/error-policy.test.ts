// One policy in every adapter: what a handler changed is saved whatever the response,
// an error response included (as express-session does), and the cookie goes with it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { Hono } from "hono";
import Koa from "koa";
import { afterEach, describe, expect, it } from "vitest";
import { createManager, isSessError, type Manager } from "@sess/core";
import { sessionMiddleware as honoSessions } from "@sess/core/hono";
import { sessionMiddleware as koaSessions } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { getRequestListener } from "@hono/node-server";

type Data = Record<string, unknown>;
let server: Server | undefined;
let manager: Manager<Data>;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await manager?.close();
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<string> {
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function open(): Promise<void> {
  manager = await createManager<Data>({ provider: new MemoryProvider(), maxLifetime: 3600, onError: () => {} });
}

describe("a handler that changes the session, then fails", () => {
  it("Koa: the change is stored and its cookie rides on the error response", async () => {
    await open();
    const app = new Koa();
    app.silent = true;
    app.use(koaSessions(manager));
    app.use((ctx) => {
      (ctx.session as unknown as { set(k: string, v: unknown): void }).set("cart", 3);
      ctx.throw(409, "conflict");
    });
    const url = await listen(app.callback());
    const res = await fetch(url);
    expect(res.status).toBe(409);
    const id = res.headers.get("set-cookie")!.split(";")[0]!.split("=")[1]!;
    expect((await manager.load(id))?.get("cart")).toBe(3);
  });

  it("Hono: the change is stored and its cookie rides on app.onError's response", async () => {
    await open();
    const app = new Hono();
    app.use(honoSessions(manager));
    app.get("/", (c) => {
      c.get("session").set("cart", 3);
      throw new Error("boom");
    });
    app.onError((_err, c) => c.text("failed", 500));
    const url = await listen(getRequestListener(app.fetch));
    const res = await fetch(url);
    expect(res.status).toBe(500);
    const id = res.headers.get("set-cookie")!.split(";")[0]!.split("=")[1]!;
    expect((await manager.load(id))?.get("cart")).toBe(3);
  });
});

describe("Koa after the headers went out", () => {
  it("a new session's first value throws HEADERS_SENT instead of being stored without a cookie", async () => {
    await open();
    const app = new Koa();
    app.use(koaSessions(manager));
    const seen: string[] = [];
    app.use(async (ctx) => {
      const body = new PassThrough();
      ctx.body = body;
      ctx.res.flushHeaders();
      try {
        (ctx.session as unknown as { set(k: string, v: unknown): void }).set("late", 1);
        seen.push("stored");
      } catch (err) {
        seen.push(isSessError(err) ? err.code : "other");
      }
      body.end("done");
    });
    const url = await listen(app.callback());
    const res = await fetch(url);
    expect(await res.text()).toBe("done");
    expect(seen).toEqual(["HEADERS_SENT"]);
    expect(await manager.count()).toBe(0);
  });
});
