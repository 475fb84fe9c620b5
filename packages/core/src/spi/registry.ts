import { SessError, SessErrorCode } from "../errors.js";
import type { ProviderFactory } from "./contract.js";

// The registry is kept on globalThis under a symbol so that two copies of core
// loaded by mistake (a bundler duplicating it) still share one registry.
const REGISTRY = Symbol.for("@sess/core/registry");
type Registry = Map<string, ProviderFactory>;

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let map = holder[REGISTRY];
  if (!map) {
    map = new Map();
    holder[REGISTRY] = map;
  }
  return map;
}

/** Makes a provider available by name; provider packages call it on import, like a database/sql driver. */
export function register(name: string, factory: ProviderFactory): void {
  if (typeof name !== "string" || name.trim() === "") {
    throw new SessError(SessErrorCode.INVALID_PROVIDER, "register: the provider name is empty");
  }
  if (typeof factory !== "function") {
    throw new SessError(SessErrorCode.INVALID_PROVIDER, `register: provider "${name}" has no factory function`);
  }
  const map = registry();
  if (map.has(name)) {
    throw new SessError(SessErrorCode.DUPLICATE_PROVIDER, `register: provider "${name}" is already registered`);
  }
  map.set(name, factory);
}

/** The registered provider names, sorted. */
export function providers(): string[] {
  return [...registry().keys()].sort();
}

/** The factory registered under `name`; throws `UNKNOWN_PROVIDER` naming the package to import. */
export function lookupProvider(name: string): ProviderFactory {
  const factory = registry().get(name);
  if (!factory) {
    const known = providers();
    throw new SessError(
      SessErrorCode.UNKNOWN_PROVIDER,
      `unknown provider "${name}" (forgotten import "@sess/provider-${name}"?)` +
        (known.length ? `; registered: ${known.join(", ")}` : "; no provider is registered"),
    );
  }
  return factory;
}

/** Test-only: forget every registration. Exported from "@sess/core/testing". */
export function resetRegistry(): void {
  registry().clear();
}

/** Test-only: forget one registration. Exported from "@sess/core/testing". */
export function unregister(name: string): boolean {
  return registry().delete(name);
}
