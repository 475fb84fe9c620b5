import { SessErrorCode, assertStorageKey, type ChangeSet, type Provider, type StoredSession, type SubjectSession } from "@sess/core/provider";
import { compact, expand } from "./compact-key.js";
import { NAME, memoryError } from "./errors.js";
import { MemoryStore } from "./memory-store.js";
import { resolveOptions, type MemoryProviderOptions } from "./options.js";
import { createdAtOf, pack, unpackData } from "./packed-record.js";

/** An in-process session store: per-key writes, expiry on read, GC proportional to what expired, a per-subject index. */
export class MemoryProvider implements Provider {
  readonly name = NAME;
  readonly #store: MemoryStore;
  readonly #now: () => number;
  #closed = false;

  constructor(options: MemoryProviderOptions = {}) {
    const resolved = resolveOptions(options);
    this.#store = new MemoryStore(resolved);
    this.#now = resolved.now;
  }

  async read(key: string): Promise<StoredSession | null> {
    const id = this.#id(key);
    const packed = this.#store.live(id);
    if (packed === undefined) return null;
    return this.#store.stored(id, packed);
  }

  async exists(key: string): Promise<boolean> {
    return this.#store.live(this.#id(key)) !== undefined;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    const id = this.#id(key);
    const packed = this.#store.live(id);
    let data: Record<string, string>;
    let createdAt: number;
    if (packed === undefined) {
      if (!change.isNew && this.#store.wasEvicted(id)) {
        // Not a logout elsewhere: the change would be lost without a word, so the request fails instead.
        throw memoryError(
          SessErrorCode.STORE_UNAVAILABLE,
          "the session was evicted while its request ran (the store is full: maxBytes/maxSessions with whenFull \"evict\"); its change is not stored",
        );
      }
      if (!change.isNew) return false;
      data = Object.create(null) as Record<string, string>;
      createdAt = change.createdAt;
    } else {
      data = change.clear ? (Object.create(null) as Record<string, string>) : unpackData(packed);
      createdAt = createdAtOf(packed);
    }
    for (const name of change.deleted) delete data[name];
    for (const name of Object.keys(change.set)) data[name] = change.set[name]!;
    this.#store.put(id, pack(createdAt, expiresAt, data), expiresAt, packed, change.subject);
    return true;
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    const id = this.#id(key);
    const packed = this.#store.live(id);
    if (packed === undefined) return false;
    this.#store.retime(id, packed, expiresAt);
    return true;
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    assertStorageKey(newKey, NAME);
    const id = this.#id(oldKey);
    const packed = this.#store.live(id);
    if (packed === undefined) return false;
    this.#store.rename(id, compact(newKey), packed);
    return true;
  }

  async destroy(key: string): Promise<void> {
    this.#store.drop(this.#id(key));
  }

  async count(): Promise<number> {
    this.#open();
    const now = this.#now();
    await this.gc();
    // GC drops whole slices that have ended; the current slice may still hold a few expired keys.
    return this.#store.liveCount(now);
  }

  async gc(): Promise<number> {
    this.#open();
    return this.#store.collect();
  }

  /** The live sessions bound to `subject`; expired ones met on the way are dropped. */
  async listSubject(subject: string): Promise<SubjectSession[]> {
    this.#open();
    return this.#store.bound(subject).map(([id, record]) => ({ key: expand(id), record }));
  }

  /** Destroys every live session bound to `subject` except `exceptKey`, in one synchronous step. */
  async destroySubject(subject: string, exceptKey?: string): Promise<number> {
    this.#open();
    if (exceptKey !== undefined) assertStorageKey(exceptKey, NAME);
    return this.#store.dropBound(subject, exceptKey === undefined ? undefined : compact(exceptKey));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#store.clear();
  }

  /** The compact form of a checked storage key. */
  #id(key: string): string {
    this.#open();
    assertStorageKey(key, NAME);
    return compact(key);
  }

  #open(): void {
    if (this.#closed) throw memoryError(SessErrorCode.CLOSED, "the provider is closed");
  }
}
