/**
 * An in-process queue per key: operations on one key run one after another, so
 * this process never spins on its own lock file. Operations on different keys
 * run concurrently.
 */
export class KeyMutex {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier operation on `key` has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const tail = new Promise<void>((resolve) => (done = resolve));
    this.#tails.set(key, tail);
    try {
      await previous;
      return await work();
    } finally {
      done();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Runs `work` holding every key in `keys`, taken in sorted order so two callers cannot deadlock. */
  async runAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const step = (i: number): Promise<T> => (i === sorted.length ? work() : this.run(sorted[i]!, () => step(i + 1)));
    return step(0);
  }

  /** Settles when every queued operation has settled. */
  async drain(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }
}
