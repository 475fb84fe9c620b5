import { randomBytes } from "node:crypto";
import { afterAll, describe, it } from "vitest";
import { adapterConformance, type AdapterHarness, type CreateAdapterProvider } from "@sess/conformance/adapters";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { cookieProvider } from "@sess/provider-cookie";
import { MemoryProvider } from "@sess/provider-memory";
import { redisProvider } from "@sess/provider-redis";

/** The providers every adapter runs the suite with. */
export type ProviderName = "memory" | "cookie (sealed)" | "redis";

/** Scenarios still red for one adapter, by provider: name → why (each runs and must still fail; never passed). */
export type KnownRed = Partial<Record<ProviderName, Record<string, string>>>;

/**
 * Runs the adapter suite against `harness` with the memory provider, the cookie provider
 * (sealed, a fresh key) and Redis (SESS_TEST_REDIS_URL, a unique key prefix removed afterwards).
 * Scenarios run concurrently: each keeps to its own browser, keys and markers. `only` narrows
 * the providers (the lazy variants run with the memory provider alone, to keep CI short).
 */
export function adapterMatrix(harness: AdapterHarness, knownRed: KnownRed = {}, only?: readonly ProviderName[]): void {
  const prefix = uniquePrefix();
  const providers: [ProviderName, CreateAdapterProvider][] = [
    ["memory", () => new MemoryProvider()],
    ["cookie (sealed)", () => cookieProvider({ keys: [randomBytes(32).toString("base64url")] })],
    ["redis", () => redisProvider({ url: redisUrl(), prefix })],
  ];
  afterAll(() => deleteKeysWithPrefix(prefix, redisUrl()));
  for (const [name, create] of providers.filter(([n]) => only === undefined || only.includes(n))) {
    describe(name, () => {
      adapterConformance(it.concurrent, harness, {
        createProvider: create,
        // Each known-red scenario runs and must still fail; SESS_ADAPTER_KNOWN_RED=run runs them as ordinary scenarios.
        knownRed: process.env.SESS_ADAPTER_KNOWN_RED === "run" ? {} : (knownRed[name] ?? {}),
      });
    });
  }
}
