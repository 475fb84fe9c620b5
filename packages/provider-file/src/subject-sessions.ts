import { SessError, SessErrorCode, type SubjectSession } from "@sess/core/provider";
import { NAME, report, unavailable } from "./fs-errors.js";
import type { KeyPaths } from "./key-paths.js";
import { acquireLock } from "./lock-file.js";
import type { ResolvedOptions } from "./options.js";
import type { RecordAccess } from "./record-access.js";
import { storedSession } from "./record-file.js";
import type { RecordStore } from "./record-store.js";
import type { SubjectEntries } from "./subject-entries.js";

/** Revoke-all gives up (rejecting) when sessions keep moving for this many rounds. */
const MAX_ROUNDS = 20;

/** Listing and revoking a subject's sessions: each index entry is a claim, checked against its record. */
export class SubjectSessions {
  readonly #paths: KeyPaths;
  readonly #opts: ResolvedOptions;
  readonly #store: RecordStore;
  readonly #entries: SubjectEntries;
  readonly #access: RecordAccess;

  constructor(paths: KeyPaths, opts: ResolvedOptions, store: RecordStore, entries: SubjectEntries, access: RecordAccess) {
    this.#paths = paths;
    this.#opts = opts;
    this.#store = store;
    this.#entries = entries;
    this.#access = access;
  }

  /** The live sessions bound to `subject`; stale index entries met on the way are removed when their lock is free. */
  async list(subject: string): Promise<SubjectSession[]> {
    const keys = await this.#keys(subject);
    const out: SubjectSession[] = [];
    await Promise.all(
      keys.map(async (key) => {
        const record = await this.#access.readLive(key);
        if (record?.subject === subject) out.push({ key, record: storedSession(record) });
        else await this.#dropStaleEntry(subject, key);
      }),
    );
    return out;
  }

  /**
   * Destroys every live session bound to `subject` except `exceptKey`. Each round destroys, under
   * each record's lock, what the index lists, then lists again; it stops once a round destroyed
   * nothing and no entry appeared. A regenerate adds the new key's entry before moving the record,
   * so a session moved during the revoke is caught by the next round.
   */
  async destroy(subject: string, exceptKey?: string): Promise<number> {
    const destroyed = new Set<string>();
    let listing = new Set(await this.#keys(subject));
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const targets = [...listing].filter((key) => key !== exceptKey && !destroyed.has(key));
      const hits = await Promise.all(targets.map((key) => this.#destroyBound(subject, key)));
      for (const [i, key] of targets.entries()) if (hits[i]) destroyed.add(key);
      const next = new Set(await this.#keys(subject));
      const grew = [...next].some((key) => !listing.has(key));
      listing = next;
      if (!hits.includes(true) && !grew) return destroyed.size;
    }
    throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `revoking a subject's sessions did not settle in ${MAX_ROUNDS} rounds`, { source: NAME });
  }

  async #keys(subject: string): Promise<string[]> {
    try {
      return await this.#entries.keys(subject);
    } catch (err) {
      throw unavailable(err, `listing the index of a subject in ${this.#paths.root}`);
    }
  }

  /** Under `key`'s lock: destroys its record if it is bound to `subject`, and drops a stale entry. */
  #destroyBound(subject: string, key: string): Promise<boolean> {
    return this.#access.locked(key, false, "revoking", async () => {
      const current = await this.#store.liveUnderLock(key);
      const bound = current?.subject === subject;
      if (bound) await this.#store.remove(key);
      await this.#entries.remove(subject, key);
      return bound;
    }, false);
  }

  /** Removes `key`'s entry under `subject` if, holding its lock without waiting, the record is not bound to it. */
  async #dropStaleEntry(subject: string, key: string): Promise<void> {
    try {
      await this.#paths.ensureShard(key);
      const lock = await acquireLock(this.#paths.lock(key), this.#opts, true);
      if (!lock) return; // busy: a writer may be binding it right now
      try {
        const current = await this.#store.liveUnderLock(key);
        if (current?.subject !== subject) await this.#entries.remove(subject, key);
      } finally {
        await lock.release();
      }
    } catch (err) {
      report(this.#opts.onError, unavailable(err, `cleaning up the index entry of ${this.#paths.record(key)}`));
    }
  }
}
