import {
  SessError,
  SessErrorCode,
  assertStorageKey,
  type ChangeSet,
  type Provider,
  type ProviderOptions,
  type StoredSession,
  type SubjectSession,
} from "@sess/core";
import { ExpiryBuckets } from "./expiry-buckets.js";
import { createdAtOf, expiresAtOf, pack, unpackData, withExpiry } from "./packed-record.js";
import { RecordTable, recordBytes } from "./record-table.js";
import { SubjectIndex } from "./subject-index.js";

/** Options of the memory provider; also accepted as the seed's provider config object. */
export interface MemoryProviderOptions {
  /** Most heap bytes the records may take (default {@link DEFAULT_MAX_BYTES}, 64 MiB); `Infinity` lifts the bound. */
  maxBytes?: number;
  /** Most sessions held at once (default: only `maxBytes` bounds the store); `Infinity` lifts the bound. */
  maxSessions?: number;
  /** What a write does when the store is full: evict the least recently written sessions (default), or reject with STORE_UNAVAILABLE. */
  whenFull?: "evict" | "reject";
  /** The clock, epoch milliseconds; tests inject one. */
  now?: () => number;
  /** GC slice width in milliseconds (default 1000). */
  sliceMs?: number;
}

/** The default `maxBytes`: 64 MiB, about 180,000 sessions of 200 bytes of data. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

// Storage keys are 64 hex digits; held as 32 latin1 characters they take half the heap.
// One scratch buffer serves every call (all synchronous), so a call allocates only the result.
const scratch = Buffer.allocUnsafe(32);
function compact(key: string): string {
  scratch.write(key, 0, 32, "hex");
  return scratch.toString("latin1", 0, 32);
}
function expand(id: string): string {
  return Buffer.from(id, "latin1").toString("hex");
}

const NAME = "memory";

/** An in-process session store: per-key writes, expiry on read, GC proportional to what expired, a per-subject index. */
export class MemoryProvider implements Provider {
  readonly name = NAME;
  readonly #entries = new RecordTable();
  readonly #buckets: ExpiryBuckets;
  readonly #subjects = new SubjectIndex();
  readonly #now: () => number;
  readonly #maxBytes: number;
  readonly #maxSessions: number;
  readonly #whenFull: "evict" | "reject";
  #closed = false;

  constructor(options: MemoryProviderOptions = {}) {
    const { maxBytes = DEFAULT_MAX_BYTES, maxSessions = Number.POSITIVE_INFINITY, whenFull = "evict", now = Date.now, sliceMs = 1000 } = options;
    for (const [name, value] of [["maxBytes", maxBytes], ["maxSessions", maxSessions]] as const) {
      if (!(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0))) {
        throw new SessError(SessErrorCode.INVALID_CONFIG, `${name} must be a positive integer or Infinity, got ${String(value)}`, { source: NAME });
      }
    }
    if (whenFull !== "evict" && whenFull !== "reject") {
      throw new SessError(SessErrorCode.INVALID_CONFIG, `whenFull must be "evict" or "reject", got ${String(whenFull)}`, { source: NAME });
    }
    this.#maxBytes = maxBytes;
    this.#maxSessions = maxSessions;
    this.#whenFull = whenFull;
    this.#now = now;
    this.#buckets = new ExpiryBuckets(sliceMs);
  }

  async read(key: string): Promise<StoredSession | null> {
    this.#check(key);
    const id = compact(key);
    const packed = this.#liveId(id);
    if (packed === undefined) return null;
    return this.#stored(id, packed);
  }

  async exists(key: string): Promise<boolean> {
    return this.#live(key) !== undefined;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    this.#check(key);
    const id = compact(key);
    const packed = this.#liveId(id);
    let data: Record<string, string>;
    let createdAt: number;
    if (packed === undefined) {
      if (!change.isNew) return false;
      data = Object.create(null) as Record<string, string>;
      createdAt = change.createdAt;
    } else {
      data = change.clear ? (Object.create(null) as Record<string, string>) : unpackData(packed);
      createdAt = createdAtOf(packed);
    }
    for (const name of change.deleted) delete data[name];
    for (const name of Object.keys(change.set)) data[name] = change.set[name]!;
    const next = pack(createdAt, expiresAt, data);
    this.#makeRoom(id, recordBytes(next), packed === undefined ? undefined : recordBytes(packed));
    this.#buckets.move(id, expiresAt, packed === undefined ? undefined : expiresAtOf(packed));
    this.#entries.set(id, next);
    if (change.subject !== undefined) this.#subjects.bind(id, change.subject);
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
    const subject = this.#subjects.subjectOf(compact(oldKey));
    this.#remove(compact(oldKey), packed);
    const id = compact(newKey);
    const displaced = this.#entries.get(id);
    if (displaced !== undefined) this.#remove(id, displaced);
    this.#entries.set(id, packed);
    this.#buckets.move(id, expiresAtOf(packed));
    // Same turn as the move: a revoke-all sees the session at the old key or the new one, never neither.
    if (subject !== undefined) this.#subjects.bind(id, subject);
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
    this.#entries.rewind();
    const now = this.#now();
    let removed = 0;
    for (const id of this.#buckets.takeDue(now)) {
      const packed = this.#entries.get(id);
      if (packed === undefined) continue;
      const expiresAt = expiresAtOf(packed);
      if (expiresAt <= now) {
        this.#entries.delete(id);
        this.#subjects.unbind(id);
        removed++;
      } else {
        this.#buckets.move(id, expiresAt);
      }
    }
    return removed;
  }

  /** The live sessions bound to `subject`; expired ones met on the way are dropped. */
  async listSubject(subject: string): Promise<SubjectSession[]> {
    this.#open();
    const now = this.#now();
    const out: SubjectSession[] = [];
    for (const id of this.#subjects.ids(subject)) {
      const packed = this.#entries.get(id);
      if (packed === undefined) continue;
      if (expiresAtOf(packed) <= now) this.#remove(id, packed);
      else out.push({ key: expand(id), record: this.#stored(id, packed) });
    }
    return out;
  }

  /** Destroys every live session bound to `subject` except `exceptKey`, in one synchronous step. */
  async destroySubject(subject: string, exceptKey?: string): Promise<number> {
    this.#open();
    if (exceptKey !== undefined) assertStorageKey(exceptKey, NAME);
    const except = exceptKey === undefined ? undefined : compact(exceptKey);
    const now = this.#now();
    let removed = 0;
    for (const id of this.#subjects.ids(subject)) {
      const packed = this.#entries.get(id);
      if (id === except || packed === undefined) continue;
      if (expiresAtOf(packed) > now) removed++;
      this.#remove(id, packed);
    }
    return removed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
    this.#subjects.clear();
  }

  #stored(id: string, packed: string): StoredSession {
    const record: StoredSession = { data: unpackData(packed), createdAt: createdAtOf(packed), expiresAt: expiresAtOf(packed) };
    const subject = this.#subjects.subjectOf(id);
    if (subject !== undefined) record.subject = subject;
    return record;
  }

  /** The live packed record for `key`, dropping it when expired. */
  #live(key: string): string | undefined {
    this.#check(key);
    return this.#liveId(compact(key));
  }

  /** The live packed record under a compact key, dropping it when expired. */
  #liveId(id: string): string | undefined {
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
    this.#subjects.unbind(id);
  }

  /**
   * Makes room for the record `id` to take `size` bytes (`oldSize` now, undefined
   * when new), evicting the least recently written sessions. Each session is evicted
   * at most once per write that stored it, so this is O(1) amortised.
   */
  #makeRoom(id: string, size: number, oldSize: number | undefined): void {
    const full = (): boolean =>
      this.#entries.bytes - (oldSize ?? 0) + size > this.#maxBytes || (oldSize === undefined && this.#entries.size >= this.#maxSessions);
    if (!full()) return;
    if (size > this.#maxBytes) {
      throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `a session of ${size} bytes cannot fit in maxBytes (${this.#maxBytes})`, { source: NAME });
    }
    if (this.#whenFull === "reject") {
      throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `the store is full (maxBytes ${this.#maxBytes}, maxSessions ${this.#maxSessions})`, { source: NAME });
    }
    while (full()) {
      const victim = this.#entries.oldest(id);
      if (victim === undefined) return;
      this.#remove(victim, this.#entries.get(victim)!);
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

/**
 * Opens a memory provider; `config` may be a {@link MemoryProviderOptions} object. A `now`
 * in the factory options (the Manager's clock, when core hands it over) is used unless the
 * config names its own.
 */
export function memoryProvider(options: ProviderOptions | MemoryProviderOptions = {}): MemoryProvider {
  const config = "maxLifetime" in options ? options.config : options;
  if (config !== undefined && config !== null && config !== "" && typeof config !== "object") {
    throw new SessError(SessErrorCode.INVALID_CONFIG, `expected an options object, got ${typeof config}`, { source: NAME });
  }
  const resolved = (config || {}) as MemoryProviderOptions;
  const managerNow = "maxLifetime" in options ? (options as { now?: unknown }).now : undefined;
  if (typeof managerNow === "function" && resolved.now === undefined) return new MemoryProvider({ ...resolved, now: managerNow as () => number });
  return new MemoryProvider(resolved);
}
