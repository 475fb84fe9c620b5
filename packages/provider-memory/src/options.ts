import { SessErrorCode } from "@sess/core/provider";
import { memoryError } from "./errors.js";

/** Options of the memory provider; also accepted as the seed's provider config object. */
export interface MemoryProviderOptions {
  /** Most heap bytes the records may take (default {@link DEFAULT_MAX_BYTES}, 64 MiB); `Infinity` lifts the bound. */
  maxBytes?: number;
  /** Most sessions held at once (default: only `maxBytes` bounds the store); `Infinity` lifts the bound. */
  maxSessions?: number;
  /** What a write does when the store is full: evict the least recently written sessions (default), or reject with STORE_UNAVAILABLE. */
  whenFull?: "evict" | "reject";
  /** The clock, epoch milliseconds; tests inject one. */
  now?: () => number;
  /** GC slice width in milliseconds (default 1000). */
  sliceMs?: number;
}

/** The default `maxBytes`: 64 MiB, about 180,000 sessions of 200 bytes of data. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Options with every default filled in. */
export type ResolvedOptions = Required<MemoryProviderOptions>;

const KNOWN = ["maxBytes", "maxSessions", "whenFull", "now", "sliceMs"];

// A misspelt bound ("maxByte") would otherwise leave the default in place without a word.
function assertKnownKeys(options: object): void {
  for (const key of Object.keys(options)) {
    if (KNOWN.includes(key)) continue;
    const near = KNOWN.find((k) => k.toLowerCase().startsWith(key.toLowerCase()) || key.toLowerCase().startsWith(k.toLowerCase()));
    throw memoryError(SessErrorCode.INVALID_CONFIG, `unknown option "${key}"${near ? `: did you mean "${near}"?` : ""} (the options are ${KNOWN.join(", ")})`);
  }
}

/** Fills in the defaults; an unknown key, a bound that is not a positive integer or Infinity, or an unknown `whenFull`, is INVALID_CONFIG. */
export function resolveOptions(options: MemoryProviderOptions): ResolvedOptions {
  assertKnownKeys(options);
  const { maxBytes = DEFAULT_MAX_BYTES, maxSessions = Number.POSITIVE_INFINITY, whenFull = "evict", now = Date.now, sliceMs = 1000 } = options;
  for (const [name, value] of [["maxBytes", maxBytes], ["maxSessions", maxSessions]] as const) {
    if (!(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0))) {
      throw memoryError(SessErrorCode.INVALID_CONFIG, `${name} must be a positive integer or Infinity, got ${String(value)}`);
    }
  }
  if (whenFull !== "evict" && whenFull !== "reject") {
    throw memoryError(SessErrorCode.INVALID_CONFIG, `whenFull must be "evict" or "reject", got ${String(whenFull)}`);
  }
  return { maxBytes, maxSessions, whenFull, now, sliceMs };
}
