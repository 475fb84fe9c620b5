/**
 * Keys grouped by the time slice in which they expire, so a GC pass visits only
 * the slices that have passed: its cost grows with the expired sessions, not with
 * all of them. Each key sits in exactly one slice.
 */
export class ExpiryBuckets {
  readonly #width: number;
  readonly #buckets = new Map<number, Set<string>>();
  /** Lowest slice index that may hold keys; slices below it are known empty. */
  #low = Number.POSITIVE_INFINITY;

  /** `width` is the slice length in milliseconds. */
  constructor(width: number) {
    this.#width = Math.max(1, Math.floor(width));
  }

  /** The slice index for an expiry time. */
  slice(expiresAt: number): number {
    return Math.floor(expiresAt / this.#width);
  }

  /** Files `key` under `expiresAt`, moving it out of `previous` (its former expiry) if given. */
  move(key: string, expiresAt: number, previous?: number): void {
    if (previous !== undefined) {
      const from = this.slice(previous);
      const to = this.slice(expiresAt);
      if (from === to) return;
      this.remove(key, previous);
    }
    const index = this.slice(expiresAt);
    let bucket = this.#buckets.get(index);
    if (!bucket) {
      bucket = new Set();
      this.#buckets.set(index, bucket);
    }
    bucket.add(key);
    if (index < this.#low) this.#low = index;
  }

  /** Forgets `key`, filed under `expiresAt`. */
  remove(key: string, expiresAt: number): void {
    const index = this.slice(expiresAt);
    const bucket = this.#buckets.get(index);
    if (!bucket) return;
    bucket.delete(key);
    if (bucket.size === 0) this.#buckets.delete(index);
  }

  /** Yields the keys of every slice that ended at or before `now`, dropping those slices. */
  *takeDue(now: number): Generator<string> {
    const last = this.slice(now) - 1;
    if (this.#buckets.size === 0) {
      this.#low = Number.POSITIVE_INFINITY;
      return;
    }
    // Walk slice by slice when few slices are due; fall back to scanning the
    // bucket map when the gap since the last pass is larger than the map.
    const gap = last - this.#low;
    const indices =
      gap <= this.#buckets.size * 4
        ? rangeOf(this.#low, last)
        : [...this.#buckets.keys()].filter((i) => i <= last).sort((a, b) => a - b);
    for (const index of indices) {
      const bucket = this.#buckets.get(index);
      if (!bucket) continue;
      this.#buckets.delete(index);
      yield* bucket;
    }
    this.#low = last + 1;
  }

  /** The keys filed in the slice that holds `time`. */
  keysAt(time: number): ReadonlySet<string> {
    return this.#buckets.get(this.slice(time)) ?? new Set();
  }
}

function* rangeOf(from: number, to: number): Generator<number> {
  if (!Number.isFinite(from)) return;
  for (let i = from; i <= to; i++) yield i;
}
