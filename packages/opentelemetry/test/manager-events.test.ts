import { SpanKind } from "@opentelemetry/api";
import { createManager, isSessError } from "@sess/core";
import { MemoryProvider } from "@sess/provider-memory";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTelemetry } from "../src/index.js";
import { OtelCapture, allStrings } from "./support/otel.js";

let otel: OtelCapture;
beforeEach(() => {
  otel = new OtelCapture();
});
afterEach(async () => {
  await otel.shutdown();
});

async function memoryManager(options: { now?: () => number; absoluteTimeout?: number } = {}) {
  const provider = new MemoryProvider(options.now ? { now: options.now } : {});
  return createManager({ provider, maxLifetime: 3600, telemetry: otel.instrumentation(), ...options });
}

describe("session events and store spans, without HTTP (memory provider)", () => {
  it("a first release with data is one write span and one created session", async () => {
    const manager = await memoryManager();
    const session = manager.create();
    session.set("cart", "apples");
    await session.release();
    const spans = otel.spans();
    expect(spans).toEqual([
      { name: "sess.store.write", kind: SpanKind.INTERNAL, attributes: { "sess.provider": "memory", "db.operation.name": "write" }, error: false },
    ]);
    expect(await otel.points()).toEqual([
      { metric: "sess.sessions.created", attributes: { "sess.provider": "memory" }, value: 1 },
      { metric: "sess.store.operation.duration", attributes: { "sess.provider": "memory", "db.operation.name": "write" }, value: 1 },
    ]);
    await manager.close();
  });

  it("load, regenerate and destroy give read, regenerate and destroy spans and their events", async () => {
    const manager = await memoryManager();
    const session = manager.create();
    session.set("n", 1);
    await session.release();
    await otel.summary();

    const loaded = (await manager.load(session.id))!;
    await loaded.regenerate();
    expect(await otel.summary()).toEqual({
      spans: ["sess.store.read", "sess.store.regenerate"],
      counts: { "sess.sessions.regenerated": 1, "sess.store.operation.duration{read}": 1, "sess.store.operation.duration{regenerate}": 1 },
    });
    await loaded.destroy();
    expect(await otel.summary()).toEqual({
      spans: ["sess.store.destroy"],
      counts: { "sess.sessions.destroyed": 1, "sess.store.operation.duration{destroy}": 1 },
    });
    await manager.close();
  });

  it("a session the manager finds past its absolute timeout is one read and one destroy span, counted expired and not destroyed", async () => {
    let now = Date.now();
    const frozen = now;
    // The store's clock lags the manager's (as a backend with a clock of its own may), so the
    // record is still returned and only the manager's own check finds it expired.
    const provider = new MemoryProvider({ now: () => frozen });
    const manager = await createManager({ provider, maxLifetime: 3600, absoluteTimeout: 60, now: () => now, telemetry: otel.instrumentation() });
    const first = manager.create();
    first.set("n", 1);
    await first.release();
    await otel.summary();
    now += 61_000;
    expect(await manager.load(first.id)).toBeNull();
    expect(await otel.summary()).toEqual({
      spans: ["sess.store.read", "sess.store.destroy"],
      counts: { "sess.sessions.expired": 1, "sess.store.operation.duration{read}": 1, "sess.store.operation.duration{destroy}": 1 },
    });
    await manager.close();
  });

  it("GC's removals are counted expired; count is a count span", async () => {
    let now = Date.now();
    const manager = await memoryManager({ now: () => now });
    for (let i = 0; i < 3; i++) {
      const s = manager.create();
      s.set("n", i);
      await s.release();
    }
    await otel.summary();
    now += 3_601_000;
    expect(await manager.gc()).toBe(3);
    expect(await otel.summary()).toEqual({ spans: ["sess.store.gc"], counts: { "sess.sessions.expired": 3, "sess.store.operation.duration{gc}": 1 } });
    expect(await manager.count()).toBe(0);
    expect(await otel.summary()).toEqual({ spans: ["sess.store.count"], counts: { "sess.store.operation.duration{count}": 1 } });
    await manager.close();
  });

  it("list and revoke-all are list and revoke spans; the revoked sessions are counted destroyed", async () => {
    const manager = await memoryManager();
    for (let i = 0; i < 3; i++) {
      const s = manager.create();
      s.setSubject("alice@example.com");
      await s.release();
    }
    await otel.summary();
    expect(await manager.listSessions("alice@example.com")).toHaveLength(3);
    expect(await manager.revokeSessions("alice@example.com")).toBe(3);
    expect(await otel.summary()).toEqual({
      spans: ["sess.store.list", "sess.store.revoke"],
      counts: { "sess.sessions.destroyed": 3, "sess.store.operation.duration{list}": 1, "sess.store.operation.duration{revoke}": 1 },
    });
    await manager.close();
  });

  it("a failing store call is an error span with error.type and an error count", async () => {
    const provider = new MemoryProvider();
    const manager = await createManager({ provider, maxLifetime: 3600, telemetry: otel.instrumentation() });
    await provider.close(); // the provider itself now rejects every call with CLOSED
    const failure = await manager.count().catch((err: unknown) => err);
    expect(isSessError(failure, "CLOSED")).toBe(true);
    const [span] = otel.spans();
    expect(span).toMatchObject({ name: "sess.store.count", error: true, attributes: { "error.type": "CLOSED", "db.operation.name": "count" } });
    expect(await otel.points()).toEqual([
      { metric: "sess.store.errors", attributes: { "sess.provider": "memory", "db.operation.name": "count", "error.type": "CLOSED" }, value: 1 },
      { metric: "sess.store.operation.duration", attributes: { "sess.provider": "memory", "db.operation.name": "count", "error.type": "CLOSED" }, value: 1 },
    ]);
  });

  it("without the telemetry option the manager's provider is the instance itself, unwrapped", async () => {
    const provider = new MemoryProvider();
    const manager = await createManager({ provider, maxLifetime: 3600 });
    expect(manager.provider).toBe(provider);
    const session = manager.create();
    session.set("n", 1);
    await session.release();
    expect(otel.spans()).toEqual([]);
    await manager.close();
  });

  it("a telemetry option that is not an Instrumentation is INVALID_CONFIG", async () => {
    const failure = await createManager({ provider: new MemoryProvider(), maxLifetime: 3600, telemetry: {} as never }).catch((err: unknown) => err);
    expect(isSessError(failure, "INVALID_CONFIG")).toBe(true);
  });

  it("never puts an id, storage key, subject or value in a span or metric", async () => {
    const manager = await memoryManager();
    const session = manager.create();
    session.set("secret-key-name", "secret-value-1234");
    session.setSubject("carol@example.com");
    await session.release();
    const loaded = (await manager.load(session.id))!;
    const before = { id: loaded.id, key: loaded.storageKey };
    await loaded.regenerate();
    await manager.listSessions("carol@example.com");
    await manager.revokeSessions("carol@example.com");
    otel.spans();
    await otel.points();
    const strings = allStrings(otel.everything).join("\n");
    for (const secret of [before.id, before.key, loaded.id, loaded.storageKey, "carol@example.com", "secret-value-1234", "secret-key-name"]) {
      expect(strings).not.toContain(secret);
    }
    expect(otel.everything.length).toBeGreaterThan(8);
    await manager.close();
  });

  it("without an SDK registered the hooks hand each store call through untouched (no span, no timing)", async () => {
    const hooks = openTelemetry().forManager({ provider: "memory", dbSystem: undefined, kind: "store" });
    const pending = Promise.resolve(1);
    expect(hooks.storeCall("read", () => pending)).toBe(pending);
    const manager = await createManager({ provider: new MemoryProvider(), maxLifetime: 3600, telemetry: openTelemetry() });
    const session = manager.create();
    session.set("n", 1);
    await session.release();
    expect((await manager.load(session.id))?.get("n")).toBe(1);
    await manager.close();
  });
});
