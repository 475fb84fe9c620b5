import type { ChangeSet, Provider, SealingProvider } from "@sess/core/provider";
import { isSealingProvider, SessError, SessErrorCode } from "@sess/core/provider";

/** Marks a value the suite writes, so the store can be searched for it. */
export const MARKER_PREFIX = "mk-";
/** A marker whose write the recorder delays, to widen the race between a write and the response. */
export const SLOW_MARKER_PREFIX = "mk-slow-";
/** A marker whose write the recorder fails with STORE_UNAVAILABLE, as a store that is down would. */
export const FAILING_MARKER_PREFIX = "mk-fail-";
/** How long a write carrying a slow marker waits before reaching the store, in ms. */
export const SLOW_WRITE_MS = 250;

const MARKER = /mk-(?:slow-|fail-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const KEYED = new Set(["read", "exists", "write", "touch", "destroy"]);

/**
 * Wraps the providers under test in a Proxy that forwards every call to the real provider and
 * remembers, per storage key, which methods were called, and which keys a marked value was
 * written to (following regenerate). Not a mock: every call reaches the real store.
 */
export class StoreRecorder {
  readonly #calls = new Map<string, string[]>();
  readonly #marked = new Map<string, Set<string>>();
  readonly #providers: Provider[] = [];

  /** The provider wrapped; a sealing provider has no store and is returned as it is. */
  wrap<P extends Provider | SealingProvider>(provider: P): P {
    if (isSealingProvider(provider)) return provider;
    this.#providers.push(provider);
    return new Proxy(provider, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== "function" || typeof prop !== "string") return value;
        // The real provider keeps #private fields, so it must be the receiver.
        return (...args: unknown[]) => this.#call(prop, args, () => (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
  }

  /** The methods called with storage key `key`, in order (regenerate counts for both keys). */
  callsFor(key: string): string[] {
    return [...(this.#calls.get(key) ?? [])];
  }

  /** Whether any store now holds `marker` under a key it was written to (or regenerated to). */
  async holds(marker: string): Promise<boolean> {
    const keys = this.#marked.get(marker);
    if (keys === undefined) return false;
    for (const provider of this.#providers) {
      for (const key of keys) {
        const record = await provider.read(key).catch(() => null);
        if (record !== null && Object.values(record.data).some((value) => value.includes(marker))) return true;
      }
    }
    return false;
  }

  #call(method: string, args: unknown[], forward: () => unknown): unknown {
    const key = args[0];
    if (typeof key === "string" && KEYED.has(method)) this.#note(key, method);
    if (method === "regenerate" && typeof key === "string" && typeof args[1] === "string") {
      this.#note(key, method);
      this.#note(args[1], method);
      for (const keys of this.#marked.values()) if (keys.has(key)) keys.add(args[1]);
    }
    if (method === "write" && typeof key === "string") {
      const markers = Object.values((args[1] as ChangeSet).set).flatMap((value) => value.match(MARKER) ?? []);
      for (const marker of markers) {
        const keys = this.#marked.get(marker) ?? new Set<string>();
        keys.add(key);
        this.#marked.set(marker, keys);
      }
      if (markers.some((marker) => marker.startsWith(FAILING_MARKER_PREFIX))) {
        return Promise.reject(new SessError(SessErrorCode.STORE_UNAVAILABLE, "write failed (injected by the adapter suite)", { source: "adapter-conformance" }));
      }
      if (markers.some((marker) => marker.startsWith(SLOW_MARKER_PREFIX))) {
        return new Promise((resolve) => setTimeout(resolve, SLOW_WRITE_MS)).then(forward);
      }
    }
    return forward();
  }

  #note(key: string, method: string): void {
    const list = this.#calls.get(key) ?? [];
    list.push(method);
    this.#calls.set(key, list);
  }
}
