import { redisUrl } from "./service-urls.js";
import { isTestPrefix } from "./unique.js";

/** Deletes every Redis key under a prefix from `uniquePrefix()` and returns how many; needs `ioredis`. */
export async function deleteKeysWithPrefix(prefix: string, url: string = redisUrl()): Promise<number> {
  if (!isTestPrefix(prefix)) {
    throw new Error(
      `[sess] [conformance] deleteKeysWithPrefix refuses "${prefix}": it only deletes under prefixes uniquePrefix() made`,
    );
  }
  const { Redis } = await loadIoredis();
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 10_000 });
  try {
    await client.connect();
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${escapeGlob(prefix)}*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.unlink(...keys);
    } while (cursor !== "0");
    return deleted;
  } finally {
    client.disconnect();
  }
}

// SCAN MATCH is a glob: the prefix's own characters must match literally.
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

async function loadIoredis(): Promise<{ Redis: typeof import("ioredis").Redis }> {
  try {
    const { Redis } = await import("ioredis");
    return { Redis };
  } catch (error) {
    throw new Error("[sess] [conformance] deleteKeysWithPrefix needs the ioredis package: install ioredis 6.x", {
      cause: error,
    });
  }
}
