import { SessErrorCode, isSessError, newManager } from "@sess/core";
import { describe, expect, it } from "vitest";
import "../src/index.js";
import type { Data } from "./support/app.js";
import { Jar, serve } from "./support/http.js";
import { rawKey } from "./support/keys.js";

describe("a change after the response headers went out", () => {
  it("release rejects HEADERS_SENT instead of losing the change silently (the cookie is the only copy)", async () => {
    const manager = await newManager<Data>("cookie", "sid", 3600, [rawKey()], { secure: false });
    const outcomes: unknown[] = [];
    const running = await serve(async (req, res) => {
      const s = await manager.start(req, res);
      if (req.url === "/seed") {
        s.set("user", "ada");
        await s.release();
        res.end("{}");
        return;
      }
      res.end(JSON.stringify({ user: s.get("user") ?? null }));
      try {
        s.set("user", "grace"); // too late: no Set-Cookie can carry it
        await s.release();
        outcomes.push("released");
      } catch (err) {
        outcomes.push(isSessError(err) ? err.code : err);
      }
    });
    try {
      const jar = new Jar();
      await jar.get(running.url, "/seed");
      expect((await jar.get(running.url, "/late")).body).toEqual({ user: "ada" });
      await new Promise((r) => setTimeout(r, 20));
      expect(outcomes).toEqual([SessErrorCode.HEADERS_SENT]);
      expect((await jar.get(running.url, "/late")).body).toEqual({ user: "ada" });
    } finally {
      await running.close();
      await manager.close();
    }
  });

  it("destroy rejects HEADERS_SENT too: a logout no Set-Cookie can carry would leave the client logged in", async () => {
    const manager = await newManager<Data>("cookie", "sid", 3600, [rawKey()], { secure: false });
    const outcomes: unknown[] = [];
    const running = await serve(async (req, res) => {
      const s = await manager.start(req, res);
      if (req.url === "/seed") {
        s.set("user", "ada");
        await s.release();
        res.end("{}");
        return;
      }
      res.end(JSON.stringify({ user: s.get("user") ?? null }));
      try {
        await s.destroy(); // too late: the expiring cookie can no longer be sent
        outcomes.push("destroyed");
      } catch (err) {
        outcomes.push(isSessError(err) ? err.code : err);
      }
    });
    try {
      const jar = new Jar();
      await jar.get(running.url, "/seed");
      expect((await jar.get(running.url, "/logout")).body).toEqual({ user: "ada" });
      await new Promise((r) => setTimeout(r, 20));
      expect(outcomes).toEqual([SessErrorCode.HEADERS_SENT]);
    } finally {
      await running.close();
      await manager.close();
    }
  });
});
