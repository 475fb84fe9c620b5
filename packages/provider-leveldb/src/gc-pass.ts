import { dueBefore, keyOfIndex } from "./expiry-index.js";
import type { KeyMutex } from "./key-mutex.js";
import { INDEX, type RecordStore } from "./record-store.js";

/** Index entries read per step; each step's keys are collected concurrently. */
const CHUNK = 256;

/**
 * One GC pass: reads the expiry index up to now (the entries are ordered by expiry,
 * so the pass touches only what has expired) and removes each record under its
 * key's mutex, after checking it again: a write may have moved its expiry since
 * the index was read. Entries that name no record, or a foreign value, go too.
 */
export async function collectExpired(store: RecordStore, mutex: KeyMutex, now: () => number, stopped: () => boolean): Promise<number> {
  const until = now();
  const entries = store.indexBefore(dueBefore(until));
  let removed = 0;
  try {
    // A pass stops between chunks once the provider is closing; the rest waits for the next pass.
    for (let chunk = await entries.nextv(CHUNK); chunk.length > 0 && !stopped(); chunk = await entries.nextv(CHUNK)) {
      const results = await Promise.all(chunk.map((entry) => collectOne(store, mutex, entry.slice(INDEX.length), until)));
      for (const r of results) if (r) removed++;
    }
  } finally {
    await entries.close();
  }
  return removed;
}

async function collectOne(store: RecordStore, mutex: KeyMutex, entry: string, until: number): Promise<boolean> {
  const key = keyOfIndex(entry);
  return mutex.run(key, async () => {
    const stored = await store.load(key);
    if (stored.kind === "record" && stored.header.expiresAt <= until) {
      await store.remove(key, stored, entry);
      return true;
    }
    // A live record re-indexed since, a foreign value (reported by load), or nothing: drop the entry that no longer matches.
    await store.remove(key, stored.kind === "foreign" ? stored : { kind: "absent" }, entry);
    return false;
  });
}
