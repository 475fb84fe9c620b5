import type { Provider } from "@sess/core/provider";

/** The optional Provider methods; a provider may leave them out (see the Provider docs). */
export type Capability = "exists" | "gc" | "listSubject" | "destroySubject";

/** Whether a live record exists: `exists(key)` where the provider has it, else `read(key) !== null`. */
export async function existsOf(provider: Provider, key: string): Promise<boolean> {
  return provider.exists === undefined ? (await provider.read(key)) !== null : provider.exists(key);
}

/** The capabilities in `needs` the provider does not implement. */
export function missingCapabilities(provider: Provider, needs: readonly Capability[]): Capability[] {
  return needs.filter((name) => typeof provider[name] !== "function");
}

/** The reason a case is skipped for a missing capability, as the report shows it. */
export function capabilityReason(missing: readonly Capability[]): string {
  return `the provider does not implement the optional ${missing.map((m) => `${m}()`).join(", ")}`;
}
