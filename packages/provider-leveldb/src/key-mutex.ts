/**
 * An in-process queue per key: operations on one key run one after another, so a
 * read-modify-write of a record never interleaves with another on the same key.
 * One process owns a LevelDB directory, so this queue is the whole of the locking.
 */
export class KeyMutex {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier operation on `key` has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    let done!: () => void;
    const tail = new Promise<void>((resolve) => (done = resolve));
    this.#tails.set(key, tail);
    try {
      if (previous) await previous;
      return await work();
    } finally {
      done();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Runs `work` holding both keys, taken in sorted order so two callers cannot deadlock. */
  async runBoth<T>(a: string, b: string, work: () => Promise<T>): Promise<T> {
    if (a === b) return this.run(a, work);
    const [first, second] = a < b ? [a, b] : [b, a];
    return this.run(first, () => this.run(second, work));
  }

  /** Settles when every queued operation has settled. */
  async drain(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }
}
