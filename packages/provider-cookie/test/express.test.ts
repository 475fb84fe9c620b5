import { createServer } from "node:http";
import { type Manager, isSessError, newManager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import express, { type NextFunction, type Request, type Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../src/index.js";
import { cookieProvider } from "../src/index.js";
import { type Data, route } from "./support/app.js";
import { Jar, cookieOf, get, listen, setCookieLine } from "./support/http.js";
import { rawKey, secret } from "./support/keys.js";

const NAME = "gosessionid";
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

async function expressServer(manager: Manager<Data>) {
  const app = express();
  app.use(sessionMiddleware(manager));
  app.get(/.*/, async (req: Request, res: Response) => {
    res.json(await route(req.session, new URL(req.url, "http://test")));
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ code: isSessError(err) ? err.code : "OTHER", message: err instanceof Error ? err.message : String(err) });
  });
  return listen(createServer(app));
}

describe("over Express (sessionMiddleware)", () => {
  beforeAll(() => void process.on("unhandledRejection", onUnhandled));
  afterAll(() => void process.off("unhandledRejection", onUnhandled));

  it("seals, reads, reseals under the first key, routes TOO_LARGE to the error handler and expires on destroy, with no unhandled rejection", async () => {
    const [k1, k3] = [secret(), rawKey()];
    const manager = await newManager<Data>("cookie", NAME, 3600, [k1, k3], { secure: false });
    const running = await expressServer(manager);
    try {
      const jar = new Jar();
      const set = await jar.get(running.url, "/set?user=ada");
      expect(set.status).toBe(200);
      expect(cookieOf(set, NAME)).toMatch(/^v1\./);
      expect((await jar.get(running.url, "/")).body).toMatchObject({ isNew: false, data: { user: "ada" } });

      const old = cookieProvider({ keys: [k3], cookieName: NAME }).seal(cookieProvider({ keys: [k1], cookieName: NAME }).unseal(jar.value(NAME)!)!.session);
      const resealed = await get(running.url, "/", `${NAME}=${old}`);
      expect(resealed.body.data).toEqual({ user: "ada" });
      expect(cookieProvider({ keys: [k1], cookieName: NAME }).unseal(cookieOf(resealed, NAME)!)?.stale).toBe(false);

      const tooBig = await jar.get(running.url, "/big?bytes=5000");
      expect(tooBig.status).toBe(500);
      expect(tooBig.body).toMatchObject({ code: "TOO_LARGE" });
      expect(tooBig.body.message).toContain("4096-byte cookie limit");
      expect(tooBig.setCookies).toEqual([]);

      const forged = await get(running.url, "/", `${NAME}=${old.slice(0, -3)}AAA`);
      expect(forged.body).toMatchObject({ isNew: true, data: {} });
      expect(setCookieLine(forged, NAME)).toMatch(/Max-Age=0/);

      const destroyed = await jar.get(running.url, "/destroy");
      expect(setCookieLine(destroyed, NAME)).toMatch(/^gosessionid=; Max-Age=0/);
      expect((await jar.get(running.url, "/")).body).toMatchObject({ isNew: true, data: {} });
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      await running.close();
      await manager.close();
    }
  });
});
