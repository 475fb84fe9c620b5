// Framework corners the adapters must get right, each through the framework's own
// injection or real HTTP: immutable responses, encapsulation, sub-routers, streams.
import { createServer } from "node:http";
import { Readable } from "node:stream";
import express, { type NextFunction, type Request, type Response } from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createManager, isSessError, type Manager } from "@sess/core";
import { sessionMiddleware as expressSession } from "@sess/core/express";
import { sessionPlugin } from "@sess/core/fastify";
import { sessionMiddleware as honoSession } from "@sess/core/hono";
import { sessionMiddleware as koaSession } from "@sess/core/koa";
import { MemoryProvider } from "@sess/provider-memory";
import { type Counted, counted } from "../support/counting-provider.js";
import { listen } from "./support/harness.js";
import "./support/session-data.js";

let store: Counted<MemoryProvider>;
let manager: Manager;
beforeEach(async () => {
  store = counted(new MemoryProvider());
  manager = await createManager({ provider: store.provider, cookieName: "sid", maxLifetime: 3600, onError: () => {} });
});
afterEach(() => manager.close());

const sid = (cookies: string[]) => cookies.map((c) => c.split(";")[0]!).find((c) => c.startsWith("sid="));

it("Hono: a handler may return Response.redirect() (immutable headers) and the cookie still goes out", async () => {
  const app = new Hono();
  app.use(honoSession(manager));
  app.post("/login", (c) => {
    c.get("session").set("username", "ann");
    return Response.redirect("http://app.test/", 303);
  });
  app.get("/", (c) => c.text(c.get("session").get("username") ?? "nobody"));
  const login = await app.request("/login", { method: "POST" });
  expect(login.status).toBe(303);
  const cookie = sid(login.headers.getSetCookie());
  expect(cookie).toBeDefined();
  expect(await (await app.request("/", { headers: { cookie: cookie! } })).text()).toBe("ann");
});

it("Fastify: registered inside an encapsulated context, the plugin serves that context's routes only", async () => {
  const app = Fastify();
  await app.register(
    async (child) => {
      await child.register(sessionPlugin, { manager });
      child.post("/login", async (request) => {
        request.session.set("username", "ann");
        return "ok";
      });
    },
    { prefix: "/app" },
  );
  app.get("/public", async (request) => String((request as unknown as Record<string, unknown>).session));
  try {
    const login = await app.inject({ method: "POST", url: "/app/login" });
    expect(String(login.headers["set-cookie"])).toMatch(/^sid=/);
    store.reset();
    const outside = await app.inject({ method: "GET", url: "/public", headers: { cookie: sid([String(login.headers["set-cookie"])])! } });
    // The decorator belongs to the child context too: outside it the property does not exist.
    expect(outside.body).toBe("undefined");
    expect(store.total()).toBe(0);
  } finally {
    await app.close();
  }
});

it("Express 5: a store failure reaches the error handler of the sub-router the handler ran in", async () => {
  const app = express();
  const seen: string[] = [];
  app.use(expressSession(manager));
  const router = express.Router();
  router.post("/change", (req, res) => {
    req.session.set("username", "ann");
    res.send("changed");
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    seen.push(isSessError(err) ? `router:${err.code}` : "router:other");
    res.status(503).send("router handled it");
  });
  app.use("/api", router);
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    seen.push(isSessError(err) ? `app:${err.code}` : "app:other");
    res.status(500).send("app handled it");
  });
  const server = await listen(createServer(app));
  try {
    store.failing.add("write");
    const res = await fetch(`${server.url}/api/change`, { method: "POST" });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe("router handled it");
    expect(seen).toEqual(["router:STORE_UNAVAILABLE"]);
  } finally {
    await server.close();
  }
});

it("Koa: a streamed body still gets the cookie, set before Koa writes the response", async () => {
  const app = new Koa();
  app.use(koaSession(manager));
  app.use((ctx) => {
    ctx.session.set("username", "ann");
    ctx.body = Readable.from(["streamed ", "body"]);
  });
  const callback = app.callback();
  const server = await listen(createServer((req, res) => void callback(req, res)));
  try {
    const res = await fetch(server.url);
    expect(await res.text()).toBe("streamed body");
    expect(sid(res.headers.getSetCookie())).toBeDefined();
    expect(store.calls.get("write")).toBe(1);
  } finally {
    await server.close();
  }
});
