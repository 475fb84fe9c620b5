import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outageGroup, type OutageOptions } from "@sess/conformance";
import { RemoteStore } from "./fixtures/remote-store.js";
import { StoreServer } from "./fixtures/store-server.js";
import { collect, named } from "./support/collect.js";

// The outage group needs a provider with a real network path; RemoteStore talks to a tiny TCP
// store, so FaultProxy can cut it exactly as it cuts Redis or MySQL for the real providers.
let server: StoreServer;
let target: { host: string; port: number };

beforeAll(async () => {
  server = new StoreServer();
  target = await server.start();
});
afterAll(() => server.close());

function outage(deadlineMs: number): OutageOptions {
  return { target, createProvider: (address) => new RemoteStore({ ...address, deadlineMs }), deadlineMs: 1500, recoverWithinMs: 5000 };
}

const notCalled = () => {
  throw new Error("the outage group opens its providers through the proxy");
};

describe("outageGroup through FaultProxy", () => {
  it("passes on a provider that gives every call a deadline", async () => {
    const results = await collect((fake) => outageGroup(fake, notCalled, { outage: outage(300) }), 60_000);
    expect(results.filter((r) => r.status === "failed").map((r) => `${r.name}: ${String(r.error)}`)).toEqual([]);
    expect(named(results, "passed")).toEqual([...outageGroup.testNames]);
  });

  it("fails on a provider without deadlines, naming the calls that hang while the backend stops answering", async () => {
    const results = await collect((fake) => outageGroup(fake, notCalled, { outage: outage(0) }), 60_000);
    expect(named(results, "failed")).toEqual([
      "every call rejects with STORE_UNAVAILABLE within deadlineMs while the backend accepts connections but never answers",
      "calls in flight when the backend stops answering settle within deadlineMs",
      "read(key) works again after the backend stopped answering and came back and returns data written before the cut",
    ]);
    const blackhole = results.find((r) => r.name.includes("never answers"));
    expect(String(blackhole?.error)).toMatch(/read\(key\) had not settled after \d+ ms \(deadlineMs 1500\): it hangs/);
  });

  it("fails on a provider whose calls reject with something other than STORE_UNAVAILABLE", async () => {
    // Leaks the backend's own error from read() instead of the typed one.
    class LeakyStore extends RemoteStore {
      override read(key: string) {
        return super.read(key).catch(() => Promise.reject(new Error("ECONNRESET")));
      }
    }
    const raw = (address: { host: string; port: number }) => new LeakyStore({ ...address, deadlineMs: 300 });
    const results = await collect(
      (fake) => outageGroup(fake, notCalled, { outage: { ...outage(300), createProvider: raw } }),
      60_000,
    );
    const reset = results.find((r) => r.name.includes("resets connections"));
    expect(reset?.status).toBe("failed");
    expect(String(reset?.error)).toMatch(/read\(key\) rejected with Error: ECONNRESET, not a SessError/);
  });
});
