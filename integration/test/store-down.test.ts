// The storeDown policy, through a real cut between the redis provider and Redis.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManager, isSessError, type Manager, SessErrorCode } from "@sess/core";
import { FaultProxy } from "@sess/conformance/faults";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { redisProvider } from "@sess/provider-redis";

interface Data {
  user: string;
  seen: number;
}

describe.each(["fail", "fresh"] as const)("storeDown: %s, Redis cut off", (storeDown) => {
  let proxy: FaultProxy;
  let manager: Manager<Data>;
  let server: Server;
  let url: string;
  let prefix: string;
  const errors: unknown[] = [];

  beforeEach(async () => {
    const target = new URL(redisUrl());
    proxy = new FaultProxy({ target: { host: target.hostname, port: Number(target.port || 6379) } });
    const address = await proxy.start();
    prefix = uniquePrefix();
    errors.length = 0;
    const provider = await redisProvider({ url: `redis://${address.host}:${address.port}`, prefix, commandTimeoutMs: 300, connectTimeoutMs: 300 });
    manager = await createManager<Data>({ provider, maxLifetime: 3600, storeDown, onError: (e) => errors.push(e) });
    server = createServer((req, res) => {
      void (async () => {
        try {
          const session = await manager.start(req, res);
          if (req.url === "/login") session.set("user", "ann");
          else if (req.url === "/count") session.set("seen", (session.get("seen") ?? 0) + 1);
          await session.release();
          res.end(JSON.stringify({ user: session.get("user") ?? null, detached: session.detached }));
        } catch (err) {
          res.statusCode = 503;
          res.end(isSessError(err) ? err.code : "error");
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    proxy.restore();
    await manager.close();
    await proxy.close();
    await deleteKeysWithPrefix(prefix, redisUrl());
  });

  // The provider reconnects by itself; poll until a request loads the stored session again.
  async function recovered(cookie: string): Promise<unknown> {
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${url}/`, { headers: { cookie } });
      if (res.status === 200) {
        const body = (await res.json()) as { detached: boolean };
        if (!body.detached) return body;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the store did not come back within 10 s");
  }

  it("a logged-in user's request while Redis is cut, then after it is back", async () => {
    const login = await fetch(`${url}/login`);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    proxy.cut("reset");
    const during = await fetch(`${url}/`, { headers: { cookie } });
    const loadFailure = errors.find((e) => isSessError(e, SessErrorCode.STORE_UNAVAILABLE));
    expect(loadFailure).toBeDefined(); // onError is told either way
    if (storeDown === "fail") {
      expect(during.status).toBe(503);
      expect(await during.text()).toBe(SessErrorCode.STORE_UNAVAILABLE);
    } else {
      expect(during.status).toBe(200);
      expect(await during.json()).toEqual({ user: null, detached: true });
    }
    // Neither policy replaces or clears the user's cookie.
    expect(during.headers.get("set-cookie")).toBeNull();
    proxy.restore();
    expect(await recovered(cookie)).toEqual({ user: "ann", detached: false });
  });

  it("a detached session's writes store nothing and issue no cookie", async () => {
    const login = await fetch(`${url}/login`);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    proxy.cut("reset");
    const during = await fetch(`${url}/count`, { headers: { cookie } });
    if (storeDown === "fail") expect(during.status).toBe(503);
    else {
      expect(during.status).toBe(200);
      expect(during.headers.get("set-cookie")).toBeNull();
    }
    proxy.restore();
    await recovered(cookie);
    const session = await manager.load(cookie.split("=")[1]!);
    expect(session?.get("user")).toBe("ann");
    expect(session?.get("seen")).toBeUndefined();
  });
});
