import {
  SessError,
  SessErrorCode,
  assertStorageKey,
  type ChangeSet,
  type Provider,
  type ProviderOptions,
  type StoredSession,
} from "@sess/core";
import { ExpiryBuckets } from "./expiry-buckets.js";

/** Options of the memory provider; also accepted as the seed's provider config object. */
export interface MemoryProviderOptions {
  /** Most sessions held at once; unbounded when unset. */
  maxSessions?: number;
  /** What a new session does when `maxSessions` are held: evict the one closest to expiry (default), or reject with STORE_UNAVAILABLE. */
  whenFull?: "evict" | "reject";
  /** The clock, epoch milliseconds; tests inject one. */
  now?: () => number;
  /** GC slice width in milliseconds (default 1000). */
  sliceMs?: number;
}

interface Entry {
  data: Record<string, string>;
  createdAt: number;
  expiresAt: number;
}

const NAME = "memory";

/** An in-process session store: per-key writes, expiry on read, GC proportional to what expired. */
export class MemoryProvider implements Provider {
  readonly name = NAME;
  readonly #entries = new Map<string, Entry>();
  readonly #buckets: ExpiryBuckets;
  readonly #now: () => number;
  readonly #maxSessions: number;
  readonly #whenFull: "evict" | "reject";
  #closed = false;

  constructor(options: MemoryProviderOptions = {}) {
    const { maxSessions, whenFull = "evict", now = Date.now, sliceMs = 1000 } = options;
    if (maxSessions !== undefined && !(Number.isInteger(maxSessions) && maxSessions > 0)) {
      throw new SessError(SessErrorCode.INVALID_CONFIG, `maxSessions must be a positive integer, got ${String(maxSessions)}`, { source: NAME });
    }
    if (whenFull !== "evict" && whenFull !== "reject") {
      throw new SessError(SessErrorCode.INVALID_CONFIG, `whenFull must be "evict" or "reject", got ${String(whenFull)}`, { source: NAME });
    }
    this.#maxSessions = maxSessions ?? Number.POSITIVE_INFINITY;
    this.#whenFull = whenFull;
    this.#now = now;
    this.#buckets = new ExpiryBuckets(sliceMs);
  }

  async read(key: string): Promise<StoredSession | null> {
    const entry = this.#live(key);
    if (!entry) return null;
    // A copy, so a caller that mutates what it got never changes the store.
    return { data: Object.assign(Object.create(null) as Record<string, string>, entry.data), createdAt: entry.createdAt, expiresAt: entry.expiresAt };
  }

  async exists(key: string): Promise<boolean> {
    return this.#live(key) !== undefined;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    let entry = this.#live(key);
    if (!entry) {
      if (!change.isNew) return false;
      this.#makeRoom();
      entry = { data: Object.create(null) as Record<string, string>, createdAt: change.createdAt, expiresAt };
      this.#entries.set(key, entry);
      this.#buckets.move(key, expiresAt);
    } else {
      this.#buckets.move(key, expiresAt, entry.expiresAt);
      entry.expiresAt = expiresAt;
    }
    if (change.clear) entry.data = Object.create(null) as Record<string, string>;
    for (const name of change.deleted) delete entry.data[name];
    for (const name of Object.keys(change.set)) entry.data[name] = change.set[name]!;
    return true;
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    const entry = this.#live(key);
    if (!entry) return false;
    this.#buckets.move(key, expiresAt, entry.expiresAt);
    entry.expiresAt = expiresAt;
    return true;
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    assertStorageKey(newKey, NAME);
    const entry = this.#live(oldKey);
    if (!entry) return false;
    this.#remove(oldKey, entry);
    const displaced = this.#entries.get(newKey);
    if (displaced) this.#remove(newKey, displaced);
    this.#entries.set(newKey, entry);
    this.#buckets.move(newKey, entry.expiresAt);
    return true;
  }

  async destroy(key: string): Promise<void> {
    this.#check(key);
    const entry = this.#entries.get(key);
    if (entry) this.#remove(key, entry);
  }

  async count(): Promise<number> {
    this.#open();
    const now = this.#now();
    await this.gc();
    // GC drops whole slices that have ended; the current slice may still hold a few expired keys.
    let expired = 0;
    for (const key of this.#buckets.keysAt(now)) if ((this.#entries.get(key)?.expiresAt ?? now) <= now) expired++;
    return this.#entries.size - expired;
  }

  async gc(): Promise<number> {
    this.#open();
    const now = this.#now();
    let removed = 0;
    for (const key of this.#buckets.takeDue(now)) {
      const entry = this.#entries.get(key);
      if (!entry) continue;
      if (entry.expiresAt <= now) {
        this.#entries.delete(key);
        removed++;
      } else {
        this.#buckets.move(key, entry.expiresAt);
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
  }

  /** The live entry for `key`, dropping it when expired. */
  #live(key: string): Entry | undefined {
    this.#check(key);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#remove(key, entry);
      return undefined;
    }
    return entry;
  }

  #remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#buckets.remove(key, entry.expiresAt);
  }

  #makeRoom(): void {
    if (this.#entries.size < this.#maxSessions) return;
    if (this.#whenFull === "reject") {
      throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `the store is full (maxSessions ${this.#maxSessions})`, { source: NAME });
    }
    const victim = this.#buckets.earliest();
    const entry = victim === undefined ? undefined : this.#entries.get(victim);
    if (victim !== undefined && entry) this.#remove(victim, entry);
  }

  #check(key: string): void {
    this.#open();
    assertStorageKey(key, NAME);
  }

  #open(): void {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the provider is closed", { source: NAME });
  }
}

/** Opens a memory provider; `config` may be a {@link MemoryProviderOptions} object. */
export function memoryProvider(options: ProviderOptions | MemoryProviderOptions = {}): MemoryProvider {
  const config = "maxLifetime" in options ? options.config : options;
  if (config !== undefined && config !== null && config !== "" && typeof config !== "object") {
    throw new SessError(SessErrorCode.INVALID_CONFIG, `expected an options object, got ${typeof config}`, { source: NAME });
  }
  return new MemoryProvider((config ?? {}) as MemoryProviderOptions);
}
