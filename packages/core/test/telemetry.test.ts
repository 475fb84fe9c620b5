import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { signedRejection } from "../src/cookies/rejection.js";
import { newSessionId } from "../src/cookies/ids.js";
import { signId } from "../src/cookies/signing.js";
import type { Instrumentation, StoreOperation, TelemetryTarget } from "../src/index.js";
import { InstrumentedStore } from "../src/manager/telemetry.js";
import type { Provider } from "../src/provider.js";
import { mapManager } from "./support/manager.js";
import { MapProvider } from "./support/map-provider.js";

/** An Instrumentation that writes down what it is told. */
function recorder(): { instrumentation: Instrumentation; seen: string[]; targets: TelemetryTarget[] } {
  const seen: string[] = [];
  const targets: TelemetryTarget[] = [];
  const instrumentation: Instrumentation = {
    forManager(target) {
      targets.push(target);
      return {
        storeCall: <T>(op: StoreOperation, call: () => Promise<T>) => {
          seen.push(`call ${op}`);
          return call();
        },
        session: (event, count) => seen.push(`${event} ${count}`),
        cookieRejected: (reason) => seen.push(`rejected ${reason}`),
        storeDownFresh: () => seen.push("fresh"),
      };
    },
  };
  return { instrumentation, seen, targets };
}

describe("the telemetry seam", () => {
  it("asks the instrumentation once per manager, with the provider's name and no db system for an in-process store", async () => {
    const { instrumentation, targets } = recorder();
    const { manager } = await mapManager({ telemetry: instrumentation });
    expect(targets).toEqual([{ provider: manager.provider.name, dbSystem: undefined, kind: "store" }]);
  });

  it("the wrapped store has exactly the optional capabilities of the provider it wraps", () => {
    const inner = new MapProvider(Date.now);
    const hooks = recorder().instrumentation.forManager({ provider: "map", dbSystem: undefined, kind: "store" });
    const wrapped = new InstrumentedStore(inner, hooks);
    for (const capability of ["exists", "gc", "listSubject", "destroySubject"] as const) {
      expect(typeof wrapped[capability], capability).toBe(typeof (inner as Provider)[capability]);
    }
  });

  it("store calls go through the hooks, and a first write with data is one created session", async () => {
    const { instrumentation, seen } = recorder();
    const { manager } = await mapManager({ telemetry: instrumentation });
    const session = manager.create();
    session.set("a", 1);
    await session.release();
    await manager.load(session.id);
    expect(seen).toEqual(["call write", "created 1", "call read"]);
  });

  it("names why a signed value was refused, from its shape alone", () => {
    const secrets = [Buffer.from("a-secret-of-at-least-sixteen")];
    const value = signId(newSessionId(), secrets);
    const [id, signature] = value.split(".") as [string, string];
    const flipped = signature[0] === "A" ? "B" : "A";
    expect(signedRejection(`${id}.${flipped}${signature.slice(1)}`, true)).toBe("bad_signature");
    expect(signedRejection(`${id}.${signature.slice(0, 42)}B`, true)).toBe(signature[42] === "B" ? "bad_signature" : "non_canonical");
    expect(signedRejection("garbage", true)).toBe("malformed");
    expect(signedRejection(id, true)).toBe("malformed");
    expect(signedRejection(`${id.slice(0, 42)}B`, false)).toBe("non_canonical");
    expect(signedRejection("x".repeat(200), true)).toBe("malformed");
  });

  it("core never imports OpenTelemetry: without @sess/opentelemetry nothing of it is loaded", () => {
    const src = new URL("../src/", import.meta.url);
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect(readFileSync(new URL(file, src), "utf8"), file).not.toContain("@opentelemetry");
    const manifest = readFileSync(new URL("../package.json", import.meta.url), "utf8");
    expect(manifest).not.toContain("@opentelemetry");
  });
});
