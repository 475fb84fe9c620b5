import type { Redis } from "ioredis";

const STORAGE_KEY_LENGTH = 64;
const HEX = /^[0-9a-f]+$/;

/**
 * Counts the live session keys on one node with SCAN MATCH <prefix>* COUNT 1000: about
 * keys/1000 round trips, each bounded by `deadline`, never blocking Redis for long
 * (unlike KEYS), plus one pipelined round of HGETs per batch, because a record is live by
 * its stored expiry on the application's clock (`now`), not only by Redis's TTL. Keys that
 * merely share the prefix are not counted.
 */
export async function countKeys(node: Redis, prefix: string, deadline: <T>(work: Promise<T>) => Promise<T>, now: number): Promise<number> {
  let cursor = "0";
  let total = 0;
  do {
    const [next, keys] = await deadline(node.scan(cursor, "MATCH", `${escapeGlob(prefix)}*`, "COUNT", 1000));
    cursor = next;
    const sessions = keys.filter((key) => key.length === prefix.length + STORAGE_KEY_LENGTH && HEX.test(key.slice(prefix.length)));
    if (sessions.length === 0) continue;
    // SCAN replies carry the client's keyPrefix; the pipeline adds it again, so strip it.
    const own = (node.options as { keyPrefix?: string }).keyPrefix ?? "";
    const pipeline = node.pipeline();
    for (const key of sessions) pipeline.hget(key.startsWith(own) ? key.slice(own.length) : key, "e");
    const replies = (await deadline(pipeline.exec())) ?? [];
    for (const [err, expires] of replies) {
      if (err === null && expires !== null && Number(expires) > now) total++;
    }
  } while (cursor !== "0");
  return total;
}

// SCAN MATCH is a glob; a prefix (a client's keyPrefix may hold anything) must match literally.
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
