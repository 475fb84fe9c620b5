import { rename, unlink } from "node:fs/promises";
import path from "node:path";
import { SessError, SessErrorCode } from "@sess/core/provider";
import { syncDir, writeAtomic } from "./atomic-write.js";
import { NAME, hasCode, report, unavailable } from "./fs-errors.js";
import type { KeyPaths } from "./key-paths.js";
import { acquireLock, type HeldLock } from "./lock-file.js";
import type { ResolvedOptions } from "./options.js";
import { encodeRecord, type DiskRecord } from "./record-codec.js";
import { loadRecord, type LoadedRecord } from "./record-file.js";
import type { SubjectEntries } from "./subject-entries.js";

/**
 * What is done to one record file: read it under its lock, replace it atomically,
 * remove it (with its subject index entry), set it aside when corrupt. Callers hold
 * the key's lock, except `dropIfDead`, which takes it itself without waiting.
 */
export class RecordStore {
  readonly #paths: KeyPaths;
  readonly #opts: ResolvedOptions;
  readonly #entries: SubjectEntries;

  constructor(paths: KeyPaths, opts: ResolvedOptions, entries: SubjectEntries) {
    this.#paths = paths;
    this.#opts = opts;
    this.#entries = entries;
  }

  /** Under the key's lock: the live record, after quarantining a corrupt one or removing an expired one. */
  async liveUnderLock(key: string): Promise<LoadedRecord | null> {
    const loaded = await loadRecord(this.#paths.record(key), this.#opts.maxRecordBytes);
    if (loaded.kind === "ok" && loaded.record.expiry > this.#opts.now()) return loaded.record;
    if (loaded.kind === "corrupt") await this.quarantine(key, loaded.reason);
    else if (loaded.kind === "ok") await this.remove(key, loaded.record.subject);
    return null;
  }

  /** Under the key's lock: removes the record, live or not, and its subject index entry. */
  async destroy(key: string): Promise<void> {
    const loaded = await loadRecord(this.#paths.record(key), this.#opts.maxRecordBytes);
    await this.remove(key, loaded.kind === "ok" ? loaded.record.subject : undefined);
  }

  /**
   * Removes an expired record, or quarantines a corrupt one, if its lock is free
   * (a busy record is being changed, so it is left alone). The record is read
   * again under the lock and judged on what is there now: a writer may have
   * replaced it. Resolves whether an expired record was removed; failures go to `onError`.
   */
  async dropIfDead(key: string): Promise<boolean> {
    try {
      const lock = await acquireLock(this.#paths.lock(key), this.#opts, true);
      if (!lock) return false;
      try {
        const now = await loadRecord(this.#paths.record(key), this.#opts.maxRecordBytes);
        if (now.kind === "corrupt") await this.quarantine(key, now.reason);
        if (now.kind === "ok" && now.record.expiry <= this.#opts.now()) return await this.remove(key, now.record.subject);
        return false;
      } finally {
        await lock.release();
      }
    } catch (err) {
      if (!hasCode(err, "ENOENT")) report(this.#opts.onError, unavailable(err, `cleaning up ${this.#paths.record(key)}`));
      return false;
    }
  }

  /** Renames a corrupt record to `<key>.corrupt-<ts>` and reports it through onError. */
  async quarantine(key: string, reason: string): Promise<void> {
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

  /**
   * Unlinks the record, then the index entry of the `subject` it was bound to (an entry outliving its
   * record costs a file per login until that subject is listed); resolves whether a record was there.
   * A directory planted there is quarantined instead.
   */
  async remove(key: string, subject?: string): Promise<boolean> {
    let removed = true;
    try {
      await unlink(this.#paths.record(key));
    } catch (err) {
      if (hasCode(err, "ENOENT")) removed = false;
      else if (!hasCode(err, "EISDIR", "EPERM")) throw err;
      else await this.quarantine(key, "the record is a directory");
    }
    if (removed && this.#opts.durable) await syncDir(this.#paths.shard(key));
    if (subject !== undefined) await this.#entries.remove(subject, key);
    return removed;
  }

  /** Atomically replaces the record (refusing one over maxRecordBytes); the lock is checked once more before the rename. */
  async commit(key: string, record: DiskRecord, lock: HeldLock): Promise<void> {
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
}
