import { SessError, SessErrorCode } from "../errors.js";
import { isStorageKey } from "./contract.js";

/** Throws `INVALID_KEY` unless `key` is a well-formed storage key; call it before a key reaches a backend. */
export function assertStorageKey(key: unknown, source: string): asserts key is string {
  if (!isStorageKey(key)) {
    throw new SessError(SessErrorCode.INVALID_KEY, "refused a malformed storage key", { source });
  }
}

/** Wraps a backend failure as `STORE_UNAVAILABLE`, keeping an existing SessError as it is. */
export function storeUnavailable(source: string, cause: unknown, what = "the store is unavailable"): SessError {
  if (cause instanceof SessError) return cause;
  const detail = cause instanceof Error && cause.message ? `: ${cause.message}` : "";
  return new SessError(SessErrorCode.STORE_UNAVAILABLE, `${what}${detail}`, { source, cause });
}

/**
 * Settles like `work`, or rejects with `STORE_UNAVAILABLE` after `ms` milliseconds.
 * The timer is unref'd so a pending deadline never keeps the process alive.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, source: string, what = "operation"): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new SessError(SessErrorCode.STORE_UNAVAILABLE, `${what} timed out after ${ms} ms`, { source }));
    }, ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
