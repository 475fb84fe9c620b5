/** Evicted sessions remembered at once; the oldest is forgotten first. */
export const EVICTED_REMEMBERED = 4096;

/** Heap one remembered id is charged: its 32-character key and a Set entry, with a margin. */
export const EVICTED_ENTRY_BYTES = 96;

/**
 * The sessions the bound evicted lately. A request that loaded one of them before it was evicted
 * would otherwise see its write resolve false, as after a logout elsewhere, and its change would
 * vanish without a word; remembering the id lets that write fail loudly instead.
 */
export class EvictedIds {
  readonly #ids = new Set<string>();

  /** Heap bytes charged for the remembered ids. */
  get bytes(): number {
    return this.#ids.size * EVICTED_ENTRY_BYTES;
  }

  /** Remembers `id`, forgetting the oldest beyond {@link EVICTED_REMEMBERED}. */
  add(id: string): void {
    this.#ids.add(id);
    if (this.#ids.size > EVICTED_REMEMBERED) this.#ids.delete(this.#ids.values().next().value!);
  }

  /** Whether `id` was evicted and not stored or destroyed since. */
  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Forgets `id` (stored again, destroyed). */
  delete(id: string): void {
    this.#ids.delete(id);
  }

  /** Forgets every id. */
  clear(): void {
    this.#ids.clear();
  }
}
