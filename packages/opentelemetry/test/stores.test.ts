import { randomBytes } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import { createManager } from "@sess/core";
import { FaultProxy } from "@sess/conformance/faults";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { cookieProvider } from "@sess/provider-cookie";
import { redisProvider } from "@sess/provider-redis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adapters, get } from "./support/apps.js";
import { OtelCapture, allStrings } from "./support/otel.js";

let otel: OtelCapture;
let prefix: string;
beforeEach(() => {
  otel = new OtelCapture();
  prefix = uniquePrefix();
});
afterEach(async () => {
  await otel.shutdown();
  await deleteKeysWithPrefix(prefix, redisUrl());
});

describe("store spans on Redis", () => {
  it("each store call is a client span with db.system.name redis and db.operation.name; nothing secret in it", async () => {
    const manager = await createManager({ provider: await redisProvider({ url: redisUrl(), prefix }), maxLifetime: 3600, telemetry: otel.instrumentation() });
    const session = manager.create();
    session.set("token", "value-that-must-not-leak");
    session.setSubject("dave@example.com");
    await session.release();
    const loaded = (await manager.load(session.id))!;
    await manager.revokeSessions("dave@example.com");
    const spans = otel.spans();
    expect(spans.map((s) => s.name)).toEqual(["sess.store.write", "sess.store.read", "sess.store.revoke"]);
    for (const span of spans) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.attributes).toEqual({
        "sess.provider": "redis",
        "db.system.name": "redis",
        "db.system": "redis",
        "db.operation.name": span.name.slice("sess.store.".length),
      });
    }
    expect(await otel.summary()).toMatchObject({ counts: { "sess.sessions.created": 1, "sess.sessions.destroyed": 1 } });
    const strings = allStrings(otel.everything).join("\n");
    for (const secret of [session.id, loaded.storageKey, "dave@example.com", "value-that-must-not-leak", prefix]) expect(strings).not.toContain(secret);
    await manager.close();
  });

  it('a Redis outage under storeDown "fresh": a STORE_UNAVAILABLE read span and error count, and one fresh fallback', async () => {
    const target = new URL(redisUrl());
    const proxy = new FaultProxy({ target: { host: target.hostname, port: Number(target.port) } });
    const address = await proxy.start();
    const provider = await redisProvider({ url: `redis://${address.host}:${address.port}`, prefix, commandTimeoutMs: 300, connectTimeoutMs: 300 });
    const manager = await createManager({ provider, maxLifetime: 3600, storeDown: "fresh", onError: () => {}, telemetry: otel.instrumentation() });
    const app = await adapters["node:http"]!(manager);
    try {
      const { sid } = await get(`${app.url}/set`);
      await otel.summary();
      proxy.cut("reset");
      expect((await get(`${app.url}/get`, sid)).body).toBe("none");
      const [span] = otel.spans();
      expect(span).toMatchObject({ name: "sess.store.read", error: true, attributes: { "error.type": "STORE_UNAVAILABLE" } });
      const counts = (await otel.summary()).counts;
      expect(counts).toEqual({ "sess.store.errors{read}": 1, "sess.store.operation.duration{read}": 1, "sess.store_down.fresh_sessions": 1 });
    } finally {
      await app.close();
      proxy.restore();
      await manager.close();
      await proxy.close();
    }
  });
});

describe("sealed sessions (cookie provider)", () => {
  const key = () => randomBytes(32).toString("base64url");

  it("a value sealed under a key this server does not hold is foreign_key_id; a damaged one unsealable; an old one expired", async () => {
    let now = Date.now();
    const mine = key();
    const manager = await createManager({ provider: cookieProvider({ keys: [mine] }), cookieName: "sid", maxLifetime: 60, now: () => now, telemetry: otel.instrumentation() });
    const elsewhere = await createManager({ provider: cookieProvider({ keys: [key()] }), cookieName: "sid", maxLifetime: 60 });
    const app = await adapters.koa!(manager);
    const foreignApp = await adapters.koa!(elsewhere);
    try {
      const { sid } = await get(`${app.url}/set`);
      const { sid: foreign } = await get(`${foreignApp.url}/set`);
      await otel.summary();
      expect((await get(`${app.url}/get`, foreign)).body).toBe("none");
      expect((await get(`${app.url}/get`, `${sid!.slice(0, -4)}AAAA`)).body).toBe("none");
      now += 61_000;
      expect((await get(`${app.url}/get`, sid)).body).toBe("none");
      expect(await otel.summary()).toEqual({
        spans: [],
        counts: { "sess.cookies.rejected{expired}": 1, "sess.cookies.rejected{foreign_key_id}": 1, "sess.cookies.rejected{unsealable}": 1, "sess.sessions.expired": 1 },
      });
    } finally {
      await app.close();
      await foreignApp.close();
      await manager.close();
      await elsewhere.close();
    }
  });
});
