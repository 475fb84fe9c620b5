import type { Redis } from "ioredis";

const STORAGE_KEY_LENGTH = 64;
const HEX = /^[0-9a-f]+$/;

/**
 * Counts the session keys on one node with SCAN MATCH <prefix>* COUNT 1000: about
 * keys/1000 round trips, each bounded by `deadline`, never blocking Redis for long
 * (unlike KEYS). Keys that merely share the prefix are not counted.
 */
export async function countKeys(node: Redis, prefix: string, deadline: <T>(work: Promise<T>) => Promise<T>): Promise<number> {
  let cursor = "0";
  let total = 0;
  do {
    const [next, keys] = await deadline(node.scan(cursor, "MATCH", `${escapeGlob(prefix)}*`, "COUNT", 1000));
    cursor = next;
    for (const key of keys) {
      if (key.length === prefix.length + STORAGE_KEY_LENGTH && HEX.test(key.slice(prefix.length))) total++;
    }
  } while (cursor !== "0");
  return total;
}

// SCAN MATCH is a glob; a prefix (a client's keyPrefix may hold anything) must match literally.
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
