import { lutimes, mkdir, rename } from "node:fs/promises";
import {
  SessError,
  SessErrorCode,
  assertStorageKey,
  type ChangeSet,
  type Provider,
  type StoredSession,
  type SubjectSession,
} from "@sess/core";
import { syncDir } from "./atomic-write.js";
import { NAME, hasCode, report, unavailable } from "./fs-errors.js";
import { countLive, collectGarbage } from "./gc-pass.js";
import { KeyMutex } from "./key-mutex.js";
import { KeyPaths } from "./key-paths.js";
import { acquireLock, type HeldLock } from "./lock-file.js";
import type { ResolvedOptions } from "./options.js";
import { loadRecord, type LoadedRecord } from "./record-file.js";
import { RecordStore } from "./record-store.js";
import { SubjectEntries } from "./subject-entries.js";

/** Revoke-all gives up (rejecting) when sessions keep moving for this many rounds. */
const MAX_ROUNDS = 20;

/**
 * One JSON file per session under a root directory. Reads take no lock (a rename
 * replaces a record atomically); every change runs under an in-process queue and
 * a per-session lock file, so processes sharing the directory lose no update.
 * Build one with `fileProvider`.
 */
export class FileProvider implements Provider {
  readonly name = NAME;
  readonly #opts: ResolvedOptions;
  readonly #paths: KeyPaths;
  readonly #touchByMtime: boolean;
  readonly #store: RecordStore;
  readonly #mutex = new KeyMutex();
  readonly #subjects: SubjectEntries;
  #closed = false;

  /** Use `fileProvider`, which creates and checks the directory first. */
  constructor(opts: ResolvedOptions, root: string, touchByMtime: boolean) {
    this.#opts = opts;
    this.#paths = new KeyPaths(root, opts.shardDepth, opts.dirMode);
    this.#store = new RecordStore(this.#paths, opts);
    this.#subjects = new SubjectEntries(this.#paths, opts);
    this.#touchByMtime = touchByMtime;
  }

  /** The real path of the root directory. */
  get dir(): string {
    return this.#paths.root;
  }

  /** The file that holds `key`'s record (whether or not it exists). */
  recordPath(key: string): string {
    return this.#paths.record(key);
  }

  async read(key: string): Promise<StoredSession | null> {
    const record = await this.#readLive(key);
    if (!record) return null;
    return stored(record);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#readLive(key)) !== null;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    return this.#locked(key, change.isNew, "writing", async (lock) => {
      const current = await this.#store.liveUnderLock(key);
      if (!current && !change.isNew) return false;
      const data = Object.create(null) as Record<string, string>;
      if (current && !change.clear) Object.assign(data, current.data);
      for (const name of change.deleted) delete data[name];
      for (const name of Object.keys(change.set)) data[name] = change.set[name]!;
      const previous = current?.subject;
      const subject = change.subject === undefined ? previous : (change.subject ?? undefined);
      // The entry comes first, so a bound record always has one.
      if (subject !== undefined && subject !== previous) await this.#subjects.add(subject, key);
      await this.#store.commit(key, { createdAt: current ? current.createdAt : change.createdAt, expiresAt, data, subject }, lock);
      if (previous !== undefined && previous !== subject) await this.#subjects.remove(previous, key);
      return true;
    }, false);
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    return this.#locked(key, false, "touching", async (lock) => {
      const current = await this.#store.liveUnderLock(key);
      if (!current) return false;
      if (this.#touchByMtime && expiresAt >= current.expiresAt) {
        // The mtime is the expiry: moving it rewrites no data. lutimes never follows a link.
        await lutimes(this.#paths.record(key), Date.now() / 1000, expiresAt / 1000);
      } else {
        // The JSON's expiresAt is a lower bound, so shortening (or a coarse mtime) needs a rewrite.
        await this.#store.commit(key, { createdAt: current.createdAt, expiresAt, data: current.data, subject: current.subject }, lock);
      }
      return true;
    }, false);
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    this.#check(oldKey);
    assertStorageKey(newKey, NAME);
    if (oldKey === newKey) return this.exists(oldKey);
    const [first, second] = [oldKey, newKey].sort() as [string, string];
    return this.#locked(first, first === newKey, "regenerating", () =>
      this.#locked(second, second === newKey, "regenerating", async () => {
        const current = await this.#store.liveUnderLock(oldKey);
        if (!current) return false;
        if (current.subject !== undefined) await this.#subjects.add(current.subject, newKey);
        // rename keeps the inode, so data, createdAt and the mtime-held expiry all move together.
        await rename(this.#paths.record(oldKey), this.#paths.record(newKey));
        if (this.#opts.durable) {
          await syncDir(this.#paths.shard(newKey));
          await syncDir(this.#paths.shard(oldKey));
        }
        if (current.subject !== undefined) await this.#subjects.remove(current.subject, oldKey);
        return true;
      }, false),
    false);
  }

  async destroy(key: string): Promise<void> {
    await this.#locked(key, false, "destroying", async () => {
      await this.#store.remove(key);
      return true;
    }, false);
  }

  async count(): Promise<number> {
    this.#open();
    try {
      return await countLive(this.#paths, this.#opts);
    } catch (err) {
      throw unavailable(err, `counting sessions in ${this.#paths.root}`);
    }
  }

  async gc(): Promise<number> {
    this.#open();
    try {
      return await collectGarbage(this.#paths, this.#opts, (key) => this.#store.dropIfDead(key));
    } catch (err) {
      throw unavailable(err, `collecting garbage in ${this.#paths.root}`);
    }
  }

  /** The live sessions bound to `subject`; stale index entries met on the way are removed when their lock is free. */
  async listSubject(subject: string): Promise<SubjectSession[]> {
    this.#open();
    const keys = await this.#subjectKeys(subject);
    const out: SubjectSession[] = [];
    await Promise.all(
      keys.map(async (key) => {
        const record = await this.#readLive(key);
        if (record?.subject === subject) out.push({ key, record: stored(record) });
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
  async destroySubject(subject: string, exceptKey?: string): Promise<number> {
    this.#open();
    if (exceptKey !== undefined) assertStorageKey(exceptKey, NAME);
    const destroyed = new Set<string>();
    let listing = new Set(await this.#subjectKeys(subject));
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const targets = [...listing].filter((key) => key !== exceptKey && !destroyed.has(key));
      const hits = await Promise.all(targets.map((key) => this.#destroyBound(subject, key)));
      for (const [i, key] of targets.entries()) if (hits[i]) destroyed.add(key);
      const next = new Set(await this.#subjectKeys(subject));
      const grew = [...next].some((key) => !listing.has(key));
      listing = next;
      if (!hits.includes(true) && !grew) return destroyed.size;
    }
    throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `revoking a subject's sessions did not settle in ${MAX_ROUNDS} rounds`, { source: NAME });
  }

  async close(): Promise<void> {
    this.#closed = true;
    // Let in-flight operations finish so no lock file is left behind.
    await this.#mutex.drain();
  }

  async #subjectKeys(subject: string): Promise<string[]> {
    try {
      return await this.#subjects.keys(subject);
    } catch (err) {
      throw unavailable(err, `listing the index of a subject in ${this.#paths.root}`);
    }
  }

  /** Under `key`'s lock: destroys its record if it is bound to `subject`, and drops a stale entry. */
  #destroyBound(subject: string, key: string): Promise<boolean> {
    return this.#locked(key, false, "revoking", async () => {
      const current = await this.#store.liveUnderLock(key);
      const bound = current?.subject === subject;
      if (bound) await this.#store.remove(key);
      await this.#subjects.remove(subject, key);
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
        if (current?.subject !== subject) await this.#subjects.remove(subject, key);
      } finally {
        await lock.release();
      }
    } catch (err) {
      report(this.#opts.onError, unavailable(err, `cleaning up the index entry of ${this.#paths.record(key)}`));
    }
  }

  /** The live record for a lock-free read; expired or corrupt records are cleaned up if their lock is free. */
  async #readLive(key: string): Promise<LoadedRecord | null> {
    this.#check(key);
    const file = this.#paths.record(key);
    try {
      if (!(await this.#paths.verifyShard(key))) return null;
      const loaded = await loadRecord(file, this.#opts.maxRecordBytes);
      if (loaded.kind === "ok" && loaded.record.expiry > this.#opts.now()) return loaded.record;
      if (loaded.kind !== "absent") await this.#store.dropIfDead(key);
      return null;
    } catch (err) {
      throw unavailable(err, `reading ${file}`);
    }
  }

  /**
   * Runs `work` holding `key` in this process and its lock file across processes.
   * When the shard is missing and `create` is false no record can exist, so it
   * resolves `missing` without creating anything.
   */
  async #locked<T>(key: string, create: boolean, what: string, work: (lock: HeldLock) => Promise<T>, missing: T): Promise<T> {
    this.#check(key);
    return this.#mutex.run(key, async () => {
      const file = this.#paths.record(key);
      try {
        if (!create && !(await this.#paths.verifyShard(key))) return missing;
        const lock = create ? await this.#lockCreating(key) : await acquireLock(this.#paths.lock(key), this.#opts);
        if (!lock) return missing;
        try {
          return await work(lock);
        } finally {
          await lock.release().catch((err: unknown) => report(this.#opts.onError, unavailable(err, `releasing the lock of ${file}`)));
        }
      } catch (err) {
        throw unavailable(err, `${what} ${file}`);
      }
    });
  }

  /**
   * Creates the shard (and the root, if something removed it: a tmp cleaner
   * emptying "./tmp") and takes the lock, so the provider recovers by itself.
   */
  async #lockCreating(key: string): Promise<HeldLock | null> {
    try {
      await this.#paths.ensureShard(key);
      return await acquireLock(this.#paths.lock(key), this.#opts);
    } catch (err) {
      if (!hasCode(err, "ENOENT")) throw err;
      await mkdir(this.#paths.root, { recursive: true, mode: this.#opts.dirMode });
      await this.#paths.ensureShard(key);
      return acquireLock(this.#paths.lock(key), this.#opts);
    }
  }

  #check(key: string): void {
    this.#open();
    assertStorageKey(key, NAME);
  }

  #open(): void {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the provider is closed", { source: NAME });
  }
}

/** A loaded record as `read` returns it. */
function stored(record: LoadedRecord): StoredSession {
  const data = Object.assign(Object.create(null) as Record<string, string>, record.data);
  const out: StoredSession = { data, createdAt: record.createdAt, expiresAt: record.expiry };
  if (record.subject !== undefined) out.subject = record.subject;
  return out;
}
