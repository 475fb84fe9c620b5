import { mkdir } from "node:fs/promises";
import { SessError, SessErrorCode, assertStorageKey } from "@sess/core/provider";
import { NAME, hasCode, report, unavailable } from "./fs-errors.js";
import { KeyMutex } from "./key-mutex.js";
import type { KeyPaths } from "./key-paths.js";
import { acquireLock, type HeldLock } from "./lock-file.js";
import type { ResolvedOptions } from "./options.js";
import { loadRecord, type LoadedRecord } from "./record-file.js";
import type { RecordStore } from "./record-store.js";

/**
 * The way every operation reaches a record: refused once the provider is closed, the key
 * checked, reads without a lock, changes holding the key in this process and its lock file
 * across processes. Closing waits for the changes under way, so no lock file is left behind.
 */
export class RecordAccess {
  readonly #paths: KeyPaths;
  readonly #opts: ResolvedOptions;
  readonly #store: RecordStore;
  readonly #mutex = new KeyMutex();
  #closed = false;

  constructor(paths: KeyPaths, opts: ResolvedOptions, store: RecordStore) {
    this.#paths = paths;
    this.#opts = opts;
    this.#store = store;
  }

  /** Throws CLOSED once `close` has been called. */
  open(): void {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the provider is closed", { source: NAME });
  }

  /** Throws CLOSED after `close`, INVALID_KEY for a malformed storage key. */
  check(key: string): void {
    this.open();
    assertStorageKey(key, NAME);
  }

  /** The live record for a lock-free read; expired or corrupt records are cleaned up if their lock is free. */
  async readLive(key: string): Promise<LoadedRecord | null> {
    this.check(key);
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
  async locked<T>(key: string, create: boolean, what: string, work: (lock: HeldLock) => Promise<T>, missing: T): Promise<T> {
    this.check(key);
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

  /** Refuses new operations, then settles once those under way have released their locks. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#mutex.drain();
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
}
