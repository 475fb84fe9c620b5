import { SessError, SessErrorCode } from "./errors.js";
import type { Provider } from "./provider.js";

const REQUIRED = ["read", "exists", "write", "touch", "regenerate", "destroy", "count", "gc", "close"] as const;

/** Throws `INVALID_PROVIDER` naming the missing methods when `value` is not a Provider. */
export function checkProvider(value: unknown, label: string): asserts value is Provider {
  if (typeof value !== "object" || value === null) {
    throw new SessError(SessErrorCode.INVALID_PROVIDER, `provider "${label}" is not an object`);
  }
  const missing = REQUIRED.filter((m) => typeof (value as Record<string, unknown>)[m] !== "function");
  if (missing.length) {
    throw new SessError(SessErrorCode.INVALID_PROVIDER, `provider "${label}" lacks ${missing.join(", ")}`);
  }
}
