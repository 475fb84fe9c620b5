import { lutimes, rename } from "node:fs/promises";
import { assertStorageKey, type ChangeSet, type Provider, type StoredSession, type SubjectSession } from "@sess/core/provider";
import { syncDir } from "./atomic-write.js";
import { NAME, unavailable } from "./fs-errors.js";
import { countLive, collectGarbage } from "./gc-pass.js";
import { KeyPaths } from "./key-paths.js";
import type { ResolvedOptions } from "./options.js";
import { RecordAccess } from "./record-access.js";
import { storedSession } from "./record-file.js";
import { RecordStore } from "./record-store.js";
import { SubjectEntries } from "./subject-entries.js";
import { SubjectSessions } from "./subject-sessions.js";

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
  readonly #access: RecordAccess;
  readonly #entries: SubjectEntries;
  readonly #subjects: SubjectSessions;

  /** Use `fileProvider`, which creates and checks the directory first. */
  constructor(opts: ResolvedOptions, root: string, touchByMtime: boolean) {
    this.#opts = opts;
    this.#paths = new KeyPaths(root, opts.shardDepth, opts.dirMode);
    this.#entries = new SubjectEntries(this.#paths, opts);
    this.#store = new RecordStore(this.#paths, opts, this.#entries);
    this.#access = new RecordAccess(this.#paths, opts, this.#store);
    this.#subjects = new SubjectSessions(this.#paths, opts, this.#store, this.#entries, this.#access);
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
    const record = await this.#access.readLive(key);
    if (!record) return null;
    return storedSession(record);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#access.readLive(key)) !== null;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    return this.#access.locked(key, change.isNew, "writing", async (lock) => {
      const current = await this.#store.liveUnderLock(key);
      if (!current && !change.isNew) return false;
      const data = Object.create(null) as Record<string, string>;
      if (current && !change.clear) Object.assign(data, current.data);
      for (const name of change.deleted) delete data[name];
      for (const name of Object.keys(change.set)) data[name] = change.set[name]!;
      const previous = current?.subject;
      const subject = change.subject === undefined ? previous : (change.subject ?? undefined);
      // The entry comes first, so a bound record always has one.
      if (subject !== undefined && subject !== previous) await this.#entries.add(subject, key);
      await this.#store.commit(key, { createdAt: current ? current.createdAt : change.createdAt, expiresAt, data, subject }, lock);
      if (previous !== undefined && previous !== subject) await this.#entries.remove(previous, key);
      return true;
    }, false);
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    return this.#access.locked(key, false, "touching", async (lock) => {
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
    this.#access.check(oldKey);
    assertStorageKey(newKey, NAME);
    if (oldKey === newKey) return this.exists(oldKey);
    const [first, second] = [oldKey, newKey].sort() as [string, string];
    return this.#access.locked(first, first === newKey, "regenerating", () =>
      this.#access.locked(second, second === newKey, "regenerating", async () => {
        const current = await this.#store.liveUnderLock(oldKey);
        if (!current) return false;
        if (current.subject !== undefined) await this.#entries.add(current.subject, newKey);
        // rename keeps the inode, so data, createdAt and the mtime-held expiry all move together.
        await rename(this.#paths.record(oldKey), this.#paths.record(newKey));
        if (this.#opts.durable) {
          await syncDir(this.#paths.shard(newKey));
          await syncDir(this.#paths.shard(oldKey));
        }
        if (current.subject !== undefined) await this.#entries.remove(current.subject, oldKey);
        return true;
      }, false),
    false);
  }

  async destroy(key: string): Promise<void> {
    await this.#access.locked(key, false, "destroying", async () => {
      await this.#store.destroy(key);
      return true;
    }, false);
  }

  async count(): Promise<number> {
    this.#access.open();
    try {
      return await countLive(this.#paths, this.#opts);
    } catch (err) {
      throw unavailable(err, `counting sessions in ${this.#paths.root}`);
    }
  }

  async gc(): Promise<number> {
    this.#access.open();
    try {
      return await collectGarbage(this.#paths, this.#opts, (key) => this.#store.dropIfDead(key));
    } catch (err) {
      throw unavailable(err, `collecting garbage in ${this.#paths.root}`);
    }
  }

  /** The live sessions bound to `subject`; stale index entries met on the way are removed when their lock is free. */
  async listSubject(subject: string): Promise<SubjectSession[]> {
    this.#access.open();
    return this.#subjects.list(subject);
  }

  /** Destroys every live session bound to `subject` except `exceptKey`, including one a regenerate moves meanwhile. */
  async destroySubject(subject: string, exceptKey?: string): Promise<number> {
    this.#access.open();
    if (exceptKey !== undefined) assertStorageKey(exceptKey, NAME);
    return this.#subjects.destroy(subject, exceptKey);
  }

  async close(): Promise<void> {
    await this.#access.close();
  }
}
