import { lutimes, mkdir, rename, unlink } from "node:fs/promises";
import path from "node:path";
import {
  SessError,
  SessErrorCode,
  assertStorageKey,
  type ChangeSet,
  type Provider,
  type StoredSession,
} from "@sess/core";
import { syncDir, writeAtomic } from "./atomic-write.js";
import { NAME, hasCode, report, unavailable } from "./fs-errors.js";
import { countLive, collectGarbage } from "./gc-pass.js";
import { KeyMutex } from "./key-mutex.js";
import { KeyPaths } from "./key-paths.js";
import { acquireLock, type HeldLock } from "./lock-file.js";
import type { ResolvedOptions } from "./options.js";
import { encodeRecord, type DiskRecord } from "./record-codec.js";
import { loadRecord, type LoadedRecord } from "./record-file.js";

/**
 * One JSON file per session under a root directory. Reads take no lock (a rename
 * replaces a record atomically); every change runs under an in-process queue and
 * a per-session lock file, so processes sharing the directory lose no update.
 * Build one with `openFileProvider`.
 */
export class FileProvider implements Provider {
  readonly name = NAME;
  readonly #opts: ResolvedOptions;
  readonly #paths: KeyPaths;
  readonly #touchByMtime: boolean;
  readonly #mutex = new KeyMutex();
  #closed = false;

  /** Use `openFileProvider`, which creates and checks the directory first. */
  constructor(opts: ResolvedOptions, root: string, touchByMtime: boolean) {
    this.#opts = opts;
    this.#paths = new KeyPaths(root, opts.shardDepth, opts.dirMode);
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
    const data = Object.assign(Object.create(null) as Record<string, string>, record.data);
    return { data, createdAt: record.createdAt, expiresAt: record.expiry };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#readLive(key)) !== null;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    return this.#locked(key, change.isNew, "writing", async (lock) => {
      const current = await this.#liveUnderLock(key);
      if (!current && !change.isNew) return false;
      const data = Object.create(null) as Record<string, string>;
      if (current && !change.clear) Object.assign(data, current.data);
      for (const name of change.deleted) delete data[name];
      for (const name of Object.keys(change.set)) data[name] = change.set[name]!;
      await this.#commit(key, { createdAt: current ? current.createdAt : change.createdAt, expiresAt, data }, lock);
      return true;
    }, false);
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    return this.#locked(key, false, "touching", async (lock) => {
      const current = await this.#liveUnderLock(key);
      if (!current) return false;
      if (this.#touchByMtime && expiresAt >= current.expiresAt) {
        // The mtime is the expiry: moving it rewrites no data. lutimes never follows a link.
        await lutimes(this.#paths.record(key), Date.now() / 1000, expiresAt / 1000);
      } else {
        // The JSON's expiresAt is a lower bound, so shortening (or a coarse mtime) needs a rewrite.
        await this.#commit(key, { createdAt: current.createdAt, expiresAt, data: current.data }, lock);
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
        const current = await this.#liveUnderLock(oldKey);
        if (!current) return false;
        // rename keeps the inode, so data, createdAt and the mtime-held expiry all move together.
        await rename(this.#paths.record(oldKey), this.#paths.record(newKey));
        if (this.#opts.durable) {
          await syncDir(this.#paths.shard(newKey));
          await syncDir(this.#paths.shard(oldKey));
        }
        return true;
      }, false),
    false);
  }

  async destroy(key: string): Promise<void> {
    await this.#locked(key, false, "destroying", async () => {
      await this.#remove(key);
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
      return await collectGarbage(this.#paths, this.#opts, (key) => this.#dropIfDead(key));
    } catch (err) {
      throw unavailable(err, `collecting garbage in ${this.#paths.root}`);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    // Let in-flight operations finish so no lock file is left behind.
    await this.#mutex.drain();
  }

  /** The live record for a lock-free read; expired or corrupt records are cleaned up if their lock is free. */
  async #readLive(key: string): Promise<LoadedRecord | null> {
    this.#check(key);
    const file = this.#paths.record(key);
    try {
      if (!(await this.#paths.verifyShard(key))) return null;
      const loaded = await loadRecord(file, this.#opts.maxRecordBytes);
      if (loaded.kind === "ok" && loaded.record.expiry > this.#opts.now()) return loaded.record;
      if (loaded.kind !== "absent") await this.#dropIfDead(key);
      return null;
    } catch (err) {
      throw unavailable(err, `reading ${file}`);
    }
  }

  /** Under the key's lock: the live record, after quarantining a corrupt one or removing an expired one. */
  async #liveUnderLock(key: string): Promise<LoadedRecord | null> {
    const loaded = await loadRecord(this.#paths.record(key), this.#opts.maxRecordBytes);
    if (loaded.kind === "ok" && loaded.record.expiry > this.#opts.now()) return loaded.record;
    if (loaded.kind === "corrupt") await this.#quarantine(key, loaded.reason);
    else if (loaded.kind === "ok") await this.#remove(key);
    return null;
  }

  /**
   * Removes an expired record, or quarantines a corrupt one, if its lock is free
   * (a busy record is being changed, so it is left alone). The record is read
   * again under the lock and judged on what is there now: a writer may have
   * replaced it. Resolves whether an expired record was removed; failures go to `onError`.
   */
  async #dropIfDead(key: string): Promise<boolean> {
    try {
      const lock = await acquireLock(this.#paths.lock(key), this.#opts, true);
      if (!lock) return false;
      try {
        const now = await loadRecord(this.#paths.record(key), this.#opts.maxRecordBytes);
        if (now.kind === "corrupt") await this.#quarantine(key, now.reason);
        if (now.kind === "ok" && now.record.expiry <= this.#opts.now()) return await this.#remove(key);
        return false;
      } finally {
        await lock.release();
      }
    } catch (err) {
      if (!hasCode(err, "ENOENT")) report(this.#opts.onError, unavailable(err, `cleaning up ${this.#paths.record(key)}`));
      return false;
    }
  }

  async #quarantine(key: string, reason: string): Promise<void> {
    const file = this.#paths.record(key);
    const aside = this.#paths.quarantine(key, Date.now());
    try {
      await rename(file, aside);
    } catch (err) {
      if (hasCode(err, "ENOENT")) return;
      throw err;
    }
    report(this.#opts.onError, new SessError(SessErrorCode.DECODE_FAILED, `corrupt record ${file} (${reason}) moved to ${path.basename(aside)}`, { source: NAME }));
  }

  /** Unlinks the record; resolves whether one was there. A directory planted there is quarantined instead. */
  async #remove(key: string): Promise<boolean> {
    try {
      await unlink(this.#paths.record(key));
    } catch (err) {
      if (hasCode(err, "ENOENT")) return false;
      if (!hasCode(err, "EISDIR", "EPERM")) throw err;
      await this.#quarantine(key, "the record is a directory");
    }
    if (this.#opts.durable) await syncDir(this.#paths.shard(key));
    return true;
  }

  async #commit(key: string, record: DiskRecord, lock: HeldLock): Promise<void> {
    const text = encodeRecord(record);
    if (Buffer.byteLength(text) > this.#opts.maxRecordBytes) {
      // Refuse rather than store something every later read would treat as corrupt.
      throw new SessError(SessErrorCode.TOO_LARGE, `the record would exceed maxRecordBytes (${this.#opts.maxRecordBytes})`, { source: NAME });
    }
    await writeAtomic({
      target: this.#paths.record(key),
      temp: this.#paths.temp(key),
      text,
      mode: this.#opts.fileMode,
      mtimeMs: record.expiresAt,
      durable: this.#opts.durable,
      beforeCommit: () => lock.assertHeld(),
    });
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
