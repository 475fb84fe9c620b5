import { hasTwoByteChars } from "./flat-string.js";

/**
 * The records by compact key, in the order they were last written or touched,
 * with the heap they take. The Map's own insertion order is the eviction queue
 * (a write moves its record to the end), so eviction needs no second index and
 * costs no memory per record.
 */

/**
 * Heap a record costs beyond its packed string: the 32-character key string,
 * the Map entry and the expiry-slice Set entry. Measured with
 * bench/memory/flood.mjs: about 290 heap bytes per 136-character record at the
 * default bound, hash-table slack included; charged with a margin, so the heap stays under the bound.
 */
export const ENTRY_OVERHEAD_BYTES = 192;

/** The heap bytes a record is charged: its string (one or two bytes a character) plus {@link ENTRY_OVERHEAD_BYTES}. */
export function recordBytes(packed: string): number {
  return ENTRY_OVERHEAD_BYTES + (hasTwoByteChars(packed) ? 2 : 1) * packed.length;
}

/** Records by compact key, least recently written first, with a running byte total. */
export class RecordTable {
  readonly #entries = new Map<string, string>();
  #bytes = 0;
  /**
   * One long-lived iterator over the Map, advanced by each eviction. A fresh
   * `keys().next()` would walk every slot deleted since the table was last
   * rehashed, which makes a run of evictions quadratic; V8 keeps a live
   * iterator valid across deletes, inserts and rehashes.
   */
  #cursor: Iterator<string> | undefined;

  /** Records held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Heap bytes charged for the records held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The packed record under `id`. */
  get(id: string): string | undefined {
    return this.#entries.get(id);
  }

  /** Stores `packed` under `id` as the most recently written record. */
  set(id: string, packed: string): void {
    const old = this.#entries.get(id);
    if (old !== undefined) {
      this.#bytes -= recordBytes(old);
      // Delete first so the record moves to the end of the queue.
      this.#entries.delete(id);
    }
    this.#entries.set(id, packed);
    this.#bytes += recordBytes(packed);
  }

  /** Removes the record under `id`; returns what it held. */
  delete(id: string): string | undefined {
    const old = this.#entries.get(id);
    if (old === undefined) return undefined;
    this.#entries.delete(id);
    this.#bytes -= recordBytes(old);
    return old;
  }

  /** The least recently written key other than `except`, or undefined when there is none. */
  oldest(except?: string): string | undefined {
    for (let pass = 0; pass < 2; pass++) {
      this.#cursor ??= this.#entries.keys();
      for (let next = this.#cursor.next(); !next.done; next = this.#cursor.next()) {
        if (next.value !== except) return next.value;
      }
      // Exhausted: a finished iterator never resumes, so start over once.
      this.#cursor = undefined;
    }
    return undefined;
  }

  /** Drops the eviction cursor, so it pins no table V8 has since replaced. */
  rewind(): void {
    this.#cursor = undefined;
  }

  /** Removes every record. */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
    this.#cursor = undefined;
  }
}
