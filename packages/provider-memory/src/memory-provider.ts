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
import { createdAtOf, expiresAtOf, pack, unpackData, withExpiry } from "./packed-record.js";

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

// Storage keys are 64 hex digits; held as 32 latin1 characters they take half the heap.
function compact(key: string): string {
  return Buffer.from(key, "hex").toString("latin1");
}

const NAME = "memory";

/** An in-process session store: per-key writes, expiry on read, GC proportional to what expired. */
export class MemoryProvider implements Provider {
  readonly name = NAME;
  readonly #entries = new Map<string, string>();
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
    const packed = this.#live(key);
    if (packed === undefined) return null;
    return { data: unpackData(packed), createdAt: createdAtOf(packed), expiresAt: expiresAtOf(packed) };
  }

  async exists(key: string): Promise<boolean> {
    return this.#live(key) !== undefined;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    const packed = this.#live(key);
    const id = compact(key);
    let data: Record<string, string>;
    let createdAt: number;
    if (packed === undefined) {
      if (!change.isNew) return false;
      this.#makeRoom();
      data = Object.create(null) as Record<string, string>;
      createdAt = change.createdAt;
      this.#buckets.move(id, expiresAt);
    } else {
      data = change.clear ? (Object.create(null) as Record<string, string>) : unpackData(packed);
      createdAt = createdAtOf(packed);
      this.#buckets.move(id, expiresAt, expiresAtOf(packed));
    }
    for (const name of change.deleted) delete data[name];
    for (const name of Object.keys(change.set)) data[name] = change.set[name]!;
    this.#entries.set(id, pack(createdAt, expiresAt, data));
    return true;
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    const packed = this.#live(key);
    if (packed === undefined) return false;
    const id = compact(key);
    this.#buckets.move(id, expiresAt, expiresAtOf(packed));
    this.#entries.set(id, withExpiry(packed, expiresAt));
    return true;
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    assertStorageKey(newKey, NAME);
    const packed = this.#live(oldKey);
    if (packed === undefined) return false;
    this.#remove(compact(oldKey), packed);
    const id = compact(newKey);
    const displaced = this.#entries.get(id);
    if (displaced !== undefined) this.#remove(id, displaced);
    this.#entries.set(id, packed);
    this.#buckets.move(id, expiresAtOf(packed));
    return true;
  }

  async destroy(key: string): Promise<void> {
    this.#check(key);
    const id = compact(key);
    const packed = this.#entries.get(id);
    if (packed !== undefined) this.#remove(id, packed);
  }

  async count(): Promise<number> {
    this.#open();
    const now = this.#now();
    await this.gc();
    // GC drops whole slices that have ended; the current slice may still hold a few expired keys.
    let expired = 0;
    for (const id of this.#buckets.keysAt(now)) {
      const packed = this.#entries.get(id);
      if (packed !== undefined && expiresAtOf(packed) <= now) expired++;
    }
    return this.#entries.size - expired;
  }

  async gc(): Promise<number> {
    this.#open();
    const now = this.#now();
    let removed = 0;
    for (const id of this.#buckets.takeDue(now)) {
      const packed = this.#entries.get(id);
      if (packed === undefined) continue;
      const expiresAt = expiresAtOf(packed);
      if (expiresAt <= now) {
        this.#entries.delete(id);
        removed++;
      } else {
        this.#buckets.move(id, expiresAt);
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
  }

  /** The live packed record for `key`, dropping it when expired. */
  #live(key: string): string | undefined {
    this.#check(key);
    const id = compact(key);
    const packed = this.#entries.get(id);
    if (packed === undefined) return undefined;
    if (expiresAtOf(packed) <= this.#now()) {
      this.#remove(id, packed);
      return undefined;
    }
    return packed;
  }

  #remove(id: string, packed: string): void {
    this.#entries.delete(id);
    this.#buckets.remove(id, expiresAtOf(packed));
  }

  #makeRoom(): void {
    if (this.#entries.size < this.#maxSessions) return;
    if (this.#whenFull === "reject") {
      throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `the store is full (maxSessions ${this.#maxSessions})`, { source: NAME });
    }
    const victim = this.#buckets.earliest();
    const packed = victim === undefined ? undefined : this.#entries.get(victim);
    if (victim !== undefined && packed !== undefined) this.#remove(victim, packed);
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
