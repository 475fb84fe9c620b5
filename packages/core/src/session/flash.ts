import { randomBytes } from "node:crypto";
import { INTERNAL_PREFIX } from "./session-values.js";

// One data key per flash message, so two requests that flash at once both keep
// theirs (change sets merge per key) and a read deletes exactly what it showed.
const FLASH_PREFIX = `${INTERNAL_PREFIX}flash:`;

/**
 * The data key for the `count`-th flash of `key` in this request. Time first so that keys sort
 * oldest first; the counter orders one request's flashes within a millisecond, the random part
 * keeps concurrent requests apart.
 */
export function flashKey(key: string, count: number): string {
  const stamp = Date.now().toString(36).padStart(9, "0") + count.toString(36).padStart(4, "0") + randomBytes(4).toString("hex");
  return `${FLASH_PREFIX}${stamp}:${key}`;
}

/** The data keys among `keys` that hold flashes of `key`, oldest first. */
export function flashKeysOf(keys: Iterable<string>, key: string): string[] {
  const found: string[] = [];
  for (const dataKey of keys) {
    if (dataKey.startsWith(FLASH_PREFIX) && dataKey.endsWith(key) && dataKey.indexOf(":", FLASH_PREFIX.length) === dataKey.length - key.length - 1) {
      found.push(dataKey);
    }
  }
  return found.sort();
}
