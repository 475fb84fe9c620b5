import { SessError, SessErrorCode } from "@sess/core";
import { type Provider } from "@sess/core/provider";

/** A provider that forwards every call to a real one and counts them. */
export interface Counted<P extends Provider> {
  provider: P;
  /** Calls by method name. */
  calls: Map<string, number>;
  /** Calls of every method except `close`. */
  total(): number;
  /** Forgets the counts so far. */
  reset(): void;
  /** While set, these methods reject with STORE_UNAVAILABLE instead of reaching the real provider. */
  failing: Set<keyof Provider>;
  /** Milliseconds these methods wait before reaching the real provider (to widen races). */
  slow: Map<keyof Provider, number>;
}

/** Wraps `inner` in a Proxy that counts calls (and can inject backend failures). Not a mock: every call reaches `inner`. */
export function counted<P extends Provider>(inner: P): Counted<P> {
  const calls = new Map<string, number>();
  const failing = new Set<keyof Provider>();
  const slow = new Map<keyof Provider, number>();
  const provider = new Proxy(inner, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function" || typeof prop !== "string") return value;
      return (...args: unknown[]) => {
        calls.set(prop, (calls.get(prop) ?? 0) + 1);
        if (failing.has(prop as keyof Provider)) {
          return Promise.reject(new SessError(SessErrorCode.STORE_UNAVAILABLE, `${prop} failed (injected)`, { source: "counted" }));
        }
        // The real provider keeps #private fields, so it must be the receiver.
        const call = () => (value as (...a: unknown[]) => unknown).apply(target, args);
        const delay = slow.get(prop as keyof Provider);
        return delay ? new Promise((resolve) => setTimeout(resolve, delay)).then(call) : call();
      };
    },
  });
  return {
    provider,
    calls,
    failing,
    slow,
    total: () => [...calls].reduce((n, [method, c]) => (method === "close" ? n : n + c), 0),
    reset: () => calls.clear(),
  };
}
