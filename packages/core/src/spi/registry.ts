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
  const existing = map.get(name);
  if (existing !== undefined) {
    // A bundler that evaluates one package once per bundle (Next.js: the proxy and each route)
    // registers the same provider again from a second copy of its module: the same source,
    // another function object. That copy is the same provider; keep the first. Anything else
    // under a taken name is a conflict, as database/sql's Register panics.
    if (String(existing) === String(factory)) return;
    throw new SessError(SessErrorCode.DUPLICATE_PROVIDER, `register: provider "${name}" is already registered`);
  }
  map.set(name, factory);
}

/** The registered provider names, sorted. */
export function providers(): string[] {
  return [...registry().keys()].sort();
}

// The providers this project ships, so a typo is caught even before anything is registered.
const SHIPPED = ["cookie", "file", "leveldb", "memory", "mysql", "postgres", "redis"];

/** Levenshtein distance, for "did you mean" (names are short; this runs only on a failed lookup). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/** The closest known name within two edits (or a case difference), if any. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of new Set([...known, ...SHIPPED])) {
    if (candidate === name) continue; // the right name, not yet imported: the import hint says it
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** The factory registered under `name`; throws `UNKNOWN_PROVIDER` naming the package to import. */
export function lookupProvider(name: string): ProviderFactory {
  const factory = registry().get(name);
  if (!factory) {
    const known = providers();
    const guess = typeof name === "string" ? closest(name, known) : undefined;
    throw new SessError(
      SessErrorCode.UNKNOWN_PROVIDER,
      (guess === undefined
        ? `unknown provider "${name}" (forgotten import "@sess/provider-${name}"?)`
        : `unknown provider "${name}": did you mean "${guess}"?` + (known.includes(guess) ? "" : ` (then import "@sess/provider-${guess}")`)) +
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
