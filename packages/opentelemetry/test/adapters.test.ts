import { createManager, type Manager } from "@sess/core";
import { MemoryProvider } from "@sess/provider-memory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, adapters, get } from "./support/apps.js";
import { OtelCapture, allStrings } from "./support/otel.js";

const SECRET = "a-secret-of-at-least-sixteen-chars";

describe.each(Object.keys(adapters))("over real HTTP with %s (memory provider)", (adapter) => {
  let otel: OtelCapture;
  let manager: Manager;
  let app: App;
  let cookie: string;

  beforeAll(async () => {
    otel = new OtelCapture();
    manager = await createManager({ provider: new MemoryProvider(), cookieName: "sid", maxLifetime: 3600, secrets: [SECRET], telemetry: otel.instrumentation() });
    app = await adapters[adapter]!(manager);
  });
  afterAll(async () => {
    await app.close();
    await manager.close();
    await otel.shutdown();
  });

  it("a first request that stores data: one write span, one created session", async () => {
    const answer = await get(`${app.url}/set`);
    expect(answer.sid).toBeDefined();
    cookie = answer.sid!;
    expect(await otel.summary()).toEqual({ spans: ["sess.store.write"], counts: { "sess.sessions.created": 1, "sess.store.operation.duration{write}": 1 } });
  });

  it("a returning request that only reads: one read span, no event", async () => {
    expect((await get(`${app.url}/get`, cookie)).body).toBe("1");
    expect(await otel.summary()).toEqual({ spans: ["sess.store.read"], counts: { "sess.store.operation.duration{read}": 1 } });
  });

  it("a forged signature, a non-canonical spelling and garbage are rejected cookies by reason, with no store call", async () => {
    const [id, signature] = cookie.slice("sid=".length).split(".") as [string, string];
    const forged = `sid=${id}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    const respelled = `sid=${id}.${signature.slice(0, 42)}${signature[42] === "A" ? "B" : String.fromCharCode(signature.charCodeAt(42) + 1)}`;
    expect((await get(`${app.url}/get`, forged)).body).toBe("none");
    expect((await get(`${app.url}/get`, respelled)).body).toBe("none");
    expect((await get(`${app.url}/get`, "sid=not-a-session")).body).toBe("none");
    expect(await otel.summary()).toEqual({
      spans: [],
      counts: { "sess.cookies.rejected{bad_signature}": 1, "sess.cookies.rejected{malformed}": 1, "sess.cookies.rejected{non_canonical}": 1 },
    });
  });

  it("regenerate: read and regenerate spans, one regenerated session", async () => {
    const answer = await get(`${app.url}/regenerate`, cookie);
    expect(answer.sid).toBeDefined();
    cookie = answer.sid!;
    expect(await otel.summary()).toEqual({
      spans: ["sess.store.read", "sess.store.regenerate"],
      counts: { "sess.sessions.regenerated": 1, "sess.store.operation.duration{read}": 1, "sess.store.operation.duration{regenerate}": 1 },
    });
  });

  it("destroy: read and destroy spans, one destroyed session; the telemetry holds no id", async () => {
    expect((await get(`${app.url}/destroy`, cookie)).body).toBe("destroyed");
    expect(await otel.summary()).toEqual({
      spans: ["sess.store.read", "sess.store.destroy"],
      counts: { "sess.sessions.destroyed": 1, "sess.store.operation.duration{read}": 1, "sess.store.operation.duration{destroy}": 1 },
    });
    const id = cookie.slice("sid=".length).split(".")[0]!;
    expect(allStrings(otel.everything).join("\n")).not.toContain(id);
  });
});
