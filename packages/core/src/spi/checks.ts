import { SessError, SessErrorCode } from "../errors.js";
import type { Provider } from "./contract.js";
import type { SealingProvider } from "./sealing.js";

const REQUIRED = ["read", "write", "touch", "regenerate", "destroy", "count", "close"] as const;
// Optional capabilities: absent is fine, but present must be callable.
const OPTIONAL = ["exists", "gc", "listSubject", "destroySubject"] as const;

/** Throws `INVALID_PROVIDER` naming the missing methods when `value` is not a Provider. */
export function checkProvider(value: unknown, label: string): asserts value is Provider {
  if (typeof value !== "object" || value === null) {
    throw new SessError(SessErrorCode.INVALID_PROVIDER, `provider "${label}" is not an object`);
  }
  const record = value as Record<string, unknown>;
  const missing = REQUIRED.filter((m) => typeof record[m] !== "function");
  if (missing.length) {
    throw new SessError(SessErrorCode.INVALID_PROVIDER, `provider "${label}" lacks ${missing.join(", ")}`);
  }
  const broken = OPTIONAL.filter((m) => record[m] !== undefined && typeof record[m] !== "function");
  if (broken.length) {
    throw new SessError(SessErrorCode.INVALID_PROVIDER, `provider "${label}" has ${broken.join(", ")} that is not a function`);
  }
  // Half a capability would let listing work while revoking silently cannot.
  if ((record["listSubject"] === undefined) !== (record["destroySubject"] === undefined)) {
    throw new SessError(SessErrorCode.INVALID_PROVIDER, `provider "${label}" must have both listSubject and destroySubject, or neither`);
  }
}

/** Throws `INVALID_PROVIDER` naming what a sealing provider lacks. */
export function checkSealingProvider(value: SealingProvider, label: string): void {
  const record = value as unknown as Record<string, unknown>;
  const missing = ["unseal", "seal", "close"].filter((m) => typeof record[m] !== "function");
  if (missing.length) throw new SessError(SessErrorCode.INVALID_PROVIDER, `sealing provider "${label}" lacks ${missing.join(", ")}`);
}
