import { SessError, SessErrorCode, assertStorageKey, checkSubject, type ChangeSet, type Provider, type StoredSession, type SubjectSession } from "@sess/core/provider";
import { assertExpiry } from "./expiry-index.js";
import { collectExpired } from "./gc-pass.js";
import { KeyMutex } from "./key-mutex.js";
import type { LevelDatabase, ResolvedOptions } from "./options.js";
import { decodeData, encodeRecord, encodeWithText, type RecordHeader } from "./record-codec.js";
import { RecordStore, type Stored } from "./record-store.js";
import { NAME, unavailable } from "./store-errors.js";
import { destroySubject, listSubject } from "./subject-ops.js";

/**
 * Sessions in a LevelDB database: one value per session plus an expiry index, each
 * change applied as one batch. Reads take no lock; changes to one session run one
 * after another in this process, which owns the database. Build one with `leveldbProvider`.
 */
export class LeveldbProvider implements Provider {
  readonly name = NAME;
  readonly #db: LevelDatabase;
  readonly #ownsDb: boolean;
  readonly #opts: ResolvedOptions;
  readonly #store: RecordStore;
  readonly #mutex = new KeyMutex();
  readonly #release: () => void;
  /** GC passes under way; close() waits for them, as a pass holds an iterator between its per-key steps. */
  readonly #passes = new Set<Promise<number>>();
  #closed = false;

  /** Use `leveldbProvider`, which opens the database and counts its records first. */
  constructor(db: LevelDatabase, ownsDb: boolean, opts: ResolvedOptions, store: RecordStore, release: () => void) {
    this.#db = db;
    this.#ownsDb = ownsDb;
    this.#opts = opts;
    this.#store = store;
    this.#release = release;
  }

  /** The classic-level database in use (the provider's own, or the one passed as `db`). */
  get db(): LevelDatabase {
    return this.#db;
  }

  async read(key: string): Promise<StoredSession | null> {
    const header = await this.#readLive(key);
    if (!header) return null;
    const data = decodeData(header.dataText);
    if (typeof data === "string") {
      this.#store.corrupt(key, data);
      return null;
    }
    const record: StoredSession = { data, createdAt: header.createdAt, expiresAt: header.expiresAt };
    if (header.subject !== undefined) record.subject = header.subject;
    return record;
  }

  async exists(key: string): Promise<boolean> {
    // Decodes the data too, so a record whose data is damaged is absent here exactly as it is for read().
    return (await this.read(key)) !== null;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    this.#check(key);
    assertExpiry(expiresAt);
    if (typeof change.subject === "string") checkSubject(change.subject);
    return this.#locked(key, "writing", async () => {
      const before = await this.#store.load(key);
      let current = this.#live(before);
      let data: Record<string, string> | undefined;
      if (current && !change.clear) {
        const decoded = decodeData(current.dataText);
        if (typeof decoded === "string") {
          this.#store.corrupt(key, decoded);
          current = null;
        } else data = decoded;
      }
      if (!current && !change.isNew) return false;
      data ??= Object.create(null) as Record<string, string>;
      for (const name of change.deleted) delete data[name];
      for (const name of Object.keys(change.set)) data[name] = change.set[name]!;
      const createdAt = current ? current.createdAt : change.createdAt;
      // undefined keeps the stored binding, null unbinds, a string binds (moving the subject entry).
      const subject = change.subject === undefined ? current?.subject : (change.subject ?? undefined);
      await this.#store.put(key, encodeRecord({ createdAt, expiresAt, data, subject }), expiresAt, before, subject);
      return true;
    });
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    this.#check(key);
    assertExpiry(expiresAt);
    return this.#locked(key, "touching", async () => {
      const before = await this.#store.load(key);
      const current = this.#live(before);
      if (!current) return false;
      // A record read() would call absent must not be kept alive; the data is checked, then copied as stored.
      const decoded = decodeData(current.dataText);
      if (typeof decoded === "string") {
        this.#store.corrupt(key, decoded);
        return false;
      }
      await this.#store.put(key, encodeWithText(current.createdAt, expiresAt, current.dataText, current.subject), expiresAt, before, current.subject);
      return true;
    });
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    this.#check(oldKey);
    assertStorageKey(newKey, NAME);
    if (oldKey === newKey) return this.exists(oldKey);
    return this.#mutex.runBoth(oldKey, newKey, () =>
      this.#guard("regenerating a session", async () => {
        const current = this.#live(await this.#store.load(oldKey));
        if (!current) return false;
        const displaced = await this.#store.load(newKey);
        await this.#store.move(oldKey, current, newKey, displaced, encodeWithText(current.createdAt, current.expiresAt, current.dataText, current.subject));
        return true;
      }),
    );
  }

  async destroy(key: string): Promise<void> {
    this.#check(key);
    await this.#locked(key, "destroying", async () => {
      await this.#store.remove(key, await this.#store.load(key));
      return true;
    });
  }

  async count(): Promise<number> {
    this.#open();
    // After a GC pass every stored value is live (or foreign, reported when read): the counter is the answer.
    await this.gc();
    return this.#store.stored;
  }

  async gc(): Promise<number> {
    return this.#guard("collecting expired sessions", async () => {
      const pass = collectExpired(this.#store, this.#mutex, this.#opts.now, () => this.#closed);
      this.#passes.add(pass);
      try {
        return await pass;
      } finally {
        this.#passes.delete(pass);
      }
    });
  }

  /** The live sessions bound to `subject` (the subject capability). */
  async listSubject(subject: string): Promise<SubjectSession[]> {
    return this.#guard("listing a subject's sessions", () => listSubject(this.#store, this.#mutex, this.#opts.now, subject));
  }

  /** Destroys every live session bound to `subject` except `exceptKey`; resolves how many. */
  async destroySubject(subject: string, exceptKey?: string): Promise<number> {
    if (exceptKey !== undefined) assertStorageKey(exceptKey, NAME);
    return this.#guard("destroying a subject's sessions", () => destroySubject(this.#store, this.#mutex, this.#opts.now, subject, exceptKey));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#passes]);
    await this.#mutex.drain();
    // Free the directory only once LevelDB has let go of its lock, so a new provider cannot race the close.
    try {
      if (this.#ownsDb) await this.#db.close();
    } finally {
      this.#release();
    }
  }

  /** The live record under `key` for a lock-free read. */
  async #readLive(key: string): Promise<RecordHeader | null> {
    this.#check(key);
    let value: string | undefined;
    try {
      value = await this.#store.raw(key);
    } catch (err) {
      throw unavailable(err, "reading a session");
    }
    return this.#live(this.#store.classify(key, value));
  }

  /** The header of a stored record that has not expired, else null. */
  #live(stored: Stored): RecordHeader | null {
    if (stored.kind !== "record" || stored.header.expiresAt <= this.#opts.now()) return null;
    return stored.header;
  }

  /** Runs `work` holding `key`; backend failures become STORE_UNAVAILABLE. */
  async #locked<T>(key: string, what: string, work: () => Promise<T>): Promise<T> {
    return this.#mutex.run(key, () => this.#guard(`${what} a session`, work));
  }

  /** Runs `work` on an open provider, turning backend failures into STORE_UNAVAILABLE that say what was being done. */
  async #guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    this.#open();
    try {
      return await work();
    } catch (err) {
      throw unavailable(err, what);
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
