import { checkSubject, type SubjectSession } from "@sess/core/provider";
import type { KeyMutex } from "./key-mutex.js";
import { decodeData } from "./record-codec.js";
import type { RecordStore } from "./record-store.js";

/** Rounds of re-reading a subject's entries in destroySubject, so a record regenerate moved meanwhile is found at its new key. */
const MAX_ROUNDS = 100;

/**
 * The live records bound to `subject`. Each entry is checked against its record; an entry whose
 * record is gone, bound elsewhere or expired is cleaned up under the key's queue as it is met.
 */
export async function listSubject(store: RecordStore, mutex: KeyMutex, now: () => number, subject: string): Promise<SubjectSession[]> {
  checkSubject(subject);
  const out: SubjectSession[] = [];
  for (const key of await store.subjectKeys(subject)) {
    const stored = await store.load(key);
    if (stored.kind === "record" && stored.header.subject === subject && stored.header.expiresAt > now()) {
      const data = decodeData(stored.header.dataText);
      if (typeof data !== "string") {
        out.push({ key, record: { data, createdAt: stored.header.createdAt, expiresAt: stored.header.expiresAt, subject } });
        continue;
      }
    }
    await tidy(store, mutex, now, subject, key);
  }
  return out;
}

/**
 * Destroys every live record bound to `subject` except `exceptKey`, each under its key's queue, and
 * reads the entries again until none is left: a regenerate that ran meanwhile moved its entry to
 * the new key, which the next round finds. Resolves how many live records it removed.
 */
export async function destroySubject(store: RecordStore, mutex: KeyMutex, now: () => number, subject: string, exceptKey?: string): Promise<number> {
  checkSubject(subject);
  let removed = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const keys = (await store.subjectKeys(subject)).filter((key) => key !== exceptKey);
    if (keys.length === 0) break;
    const results = await Promise.all(
      keys.map((key) =>
        mutex.run(key, async () => {
          const stored = await store.load(key);
          if (stored.kind === "record" && stored.header.subject === subject) {
            await store.remove(key, stored);
            return stored.header.expiresAt > now();
          }
          await store.dropSubjectEntry(subject, key);
          return false;
        }),
      ),
    );
    for (const live of results) if (live) removed++;
  }
  return removed;
}

/** Under the key's queue: removes an expired record of the subject, or the subject's entry when it no longer matches. */
async function tidy(store: RecordStore, mutex: KeyMutex, now: () => number, subject: string, key: string): Promise<void> {
  await mutex.run(key, async () => {
    const stored = await store.load(key);
    if (stored.kind === "record" && stored.header.subject === subject) {
      if (stored.header.expiresAt <= now()) await store.remove(key, stored);
      return;
    }
    await store.dropSubjectEntry(subject, key);
  });
}
