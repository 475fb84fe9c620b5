import { SessError, SessErrorCode } from "@sess/core/provider";
import { NAME } from "./store-errors.js";

/**
 * The expiry index: one empty entry per record, keyed `<expiry ms, 15 digits><storage key>`,
 * so LevelDB keeps the entries ordered by expiry and a GC pass reads only the range
 * that has passed. Fifteen digits hold any time until the year 33658.
 */

const WIDTH = 15;
const MAX = 10 ** WIDTH - 1;

/** The index time of an expiry: rounded up, so an entry at or before `floor(now)` names a record that has expired. */
function slot(expiresAt: number): string {
  const ms = Math.min(MAX, Math.max(0, Math.ceil(expiresAt)));
  return String(ms).padStart(WIDTH, "0");
}

/** The index entry of `key` expiring at `expiresAt`. */
export function indexKey(expiresAt: number, key: string): string {
  return slot(expiresAt) + key;
}

/** The storage key an index entry names. */
export function keyOfIndex(entry: string): string {
  return entry.slice(WIDTH);
}

/** The exclusive upper bound of the entries whose time is at or before `now`. */
export function dueBefore(now: number): string {
  return slot(Math.floor(now) + 1);
}

/** Rejects an expiry that is not a finite number of epoch milliseconds, before it reaches the index. */
export function assertExpiry(expiresAt: number): void {
  if (typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) {
    throw new SessError(SessErrorCode.INVALID_CONFIG, `expiresAt must be a finite number of epoch milliseconds, got ${String(expiresAt)}`, { source: NAME });
  }
}
