import { SessErrorCode, type StoredSession } from "@sess/core/provider";
import { memoryError } from "./errors.js";
import { EvictedIds } from "./evicted-ids.js";
import { ExpiryBuckets } from "./expiry-buckets.js";
import type { ResolvedOptions } from "./options.js";
import { flatCopy, hasTwoByteChars } from "./flat-string.js";
import { createdAtOf, expiresAtOf, unpackData, withExpiry } from "./packed-record.js";
import { RecordTable, recordBytes } from "./record-table.js";
import { SubjectIndex } from "./subject-index.js";

/**
 * The records by compact key with their expiry slices and subject bindings. Every change
 * goes through here so the three never disagree: a record that leaves the table leaves
 * its slice and its subject in the same synchronous step. Writes enforce the bounds.
 */
export class MemoryStore {
  readonly #entries = new RecordTable();
  readonly #buckets: ExpiryBuckets;
  readonly #subjects = new SubjectIndex();
  readonly #evicted = new EvictedIds();
  readonly #now: () => number;
  readonly #maxBytes: number;
  readonly #maxSessions: number;
  readonly #whenFull: "evict" | "reject";

  constructor(options: ResolvedOptions) {
    this.#maxBytes = options.maxBytes;
    this.#maxSessions = options.maxSessions;
    this.#whenFull = options.whenFull;
    this.#now = options.now;
    this.#buckets = new ExpiryBuckets(options.sliceMs);
  }

  /** The live packed record under `id`, dropping it when expired. */
  live(id: string): string | undefined {
    const packed = this.#entries.get(id);
    if (packed === undefined) return undefined;
    if (expiresAtOf(packed) <= this.#now()) {
      this.#remove(id, packed);
      return undefined;
    }
    return packed;
  }

  /** The record as `read` returns it. */
  stored(id: string, packed: string): StoredSession {
    const record: StoredSession = { data: unpackData(packed), createdAt: createdAtOf(packed), expiresAt: expiresAtOf(packed) };
    const subject = this.#subjects.subjectOf(id);
    if (subject !== undefined) record.subject = subject;
    return record;
  }

  /**
   * Stores `next` (expiring at `expiresAt`) in place of `previous` and binds `subject` (undefined
   * keeps the binding, null drops it), making room for both first.
   */
  put(id: string, next: string, expiresAt: number, previous: string | undefined, subject?: string | null): void {
    // Kept values are slices of `previous`: if it held a character above U+00FF they are two-byte,
    // and so is the string joined from them, at twice the bytes it is charged.
    const stored = previous !== undefined && hasTwoByteChars(previous) && !hasTwoByteChars(next) ? flatCopy(next) : next;
    this.#makeRoom(id, recordBytes(stored) + this.#subjects.costOf(id, subject), previous === undefined ? undefined : recordBytes(previous));
    this.#buckets.move(id, expiresAt, previous === undefined ? undefined : expiresAtOf(previous));
    this.#entries.set(id, stored);
    this.#evicted.delete(id);
    if (subject !== undefined) this.#subjects.bind(id, subject);
  }

  /** Whether the bound evicted `id` lately (and it was not stored or destroyed since). */
  wasEvicted(id: string): boolean {
    return this.#evicted.has(id);
  }

  /** Moves the live record `packed` to a new expiry without touching its data. */
  retime(id: string, packed: string, expiresAt: number): void {
    this.#buckets.move(id, expiresAt, expiresAtOf(packed));
    this.#entries.set(id, withExpiry(packed, expiresAt));
  }

  /** Moves the live record `packed` from `oldId` to `newId`, replacing whatever `newId` held, subject included. */
  rename(oldId: string, newId: string, packed: string): void {
    const subject = this.#subjects.subjectOf(oldId);
    this.#remove(oldId, packed);
    const displaced = this.#entries.get(newId);
    if (displaced !== undefined) this.#remove(newId, displaced);
    this.#entries.set(newId, packed);
    this.#buckets.move(newId, expiresAtOf(packed));
    // Same turn as the move: a revoke-all sees the session at the old key or the new one, never neither.
    if (subject !== undefined) this.#subjects.bind(newId, subject);
  }

  /** Binds `id` to `subject`, or unbinds it for null. */
  bind(id: string, subject: string | null): void {
    this.#subjects.bind(id, subject);
  }

  /** Removes the record under `id`, live or not. */
  drop(id: string): void {
    this.#evicted.delete(id);
    const packed = this.#entries.get(id);
    if (packed !== undefined) this.#remove(id, packed);
  }

  /** Removes the records in every expiry slice that has ended; returns how many had expired. */
  collect(): number {
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

  /** Records held that are live at `now`; call right after `collect`, which leaves only the current slice to check. */
  liveCount(now: number): number {
    let expired = 0;
    for (const id of this.#buckets.keysAt(now)) {
      const packed = this.#entries.get(id);
      if (packed !== undefined && expiresAtOf(packed) <= now) expired++;
    }
    return this.#entries.size - expired;
  }

  /** The live records bound to `subject` as `[id, record]`; expired ones met on the way are dropped. */
  bound(subject: string): Array<[string, StoredSession]> {
    const now = this.#now();
    const out: Array<[string, StoredSession]> = [];
    for (const id of this.#subjects.ids(subject)) {
      const packed = this.#entries.get(id);
      if (packed === undefined) continue;
      if (expiresAtOf(packed) <= now) this.#remove(id, packed);
      else out.push([id, this.stored(id, packed)]);
    }
    return out;
  }

  /** Removes every record bound to `subject` except `except`; returns how many of them were live. */
  dropBound(subject: string, except: string | undefined): number {
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

  /** Forgets every record and binding. */
  clear(): void {
    this.#entries.clear();
    this.#subjects.clear();
    this.#evicted.clear();
  }

  #remove(id: string, packed: string): void {
    this.#entries.delete(id);
    this.#buckets.remove(id, expiresAtOf(packed));
    this.#subjects.unbind(id);
  }

  /**
   * Makes room for the record `id` to take `size` bytes, its subject binding included (`oldSize`
   * now, undefined when new), evicting the least recently written sessions. Each session is evicted
   * at most once per write that stored it, so this is O(1) amortised.
   */
  #makeRoom(id: string, size: number, oldSize: number | undefined): void {
    const full = (): boolean =>
      this.#entries.bytes + this.#subjects.bytes + this.#evicted.bytes - (oldSize ?? 0) + size > this.#maxBytes ||
      (oldSize === undefined && this.#entries.size >= this.#maxSessions);
    if (!full()) return;
    if (size > this.#maxBytes) {
      throw memoryError(SessErrorCode.STORE_UNAVAILABLE, `a session of ${size} bytes cannot fit in maxBytes (${this.#maxBytes})`);
    }
    if (this.#whenFull === "reject") {
      throw memoryError(SessErrorCode.STORE_UNAVAILABLE, `the store is full (maxBytes ${this.#maxBytes}, maxSessions ${this.#maxSessions})`);
    }
    while (full()) {
      const victim = this.#entries.oldest(id);
      if (victim === undefined) return;
      this.#remove(victim, this.#entries.get(victim)!);
      this.#evicted.add(victim);
    }
  }
}
