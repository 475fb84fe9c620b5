import { type Codec, encodeValue } from "./codec.js";
import { SessError, SessErrorCode } from "../errors.js";

/** Keys the library keeps for itself inside the session data (flashes, the remember-me choice). */
export const INTERNAL_PREFIX = "$sess:";
const MAX_KEY_LENGTH = 256;

interface Entry {
  /** The encoding last stored or set: what the provider has, or will have after release. */
  raw: string;
  /** The decoded value, once asked for. */
  value?: unknown;
  decoded: boolean;
}

/** A change set taken from the data: what `release()` hands the provider. */
export interface PendingChange {
  clear: boolean;
  set: Record<string, string>;
  deleted: string[];
}

/** Throws `INVALID_KEY` for keys the application may not use. */
export function checkDataKey(key: unknown, internal = false): asserts key is string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH || !key.isWellFormed()) {
    throw new SessError(SessErrorCode.INVALID_KEY, `a data key must be a well-formed string of 1 to ${MAX_KEY_LENGTH} characters`);
  }
  if (!internal && key.startsWith(INTERNAL_PREFIX)) {
    throw new SessError(SessErrorCode.INVALID_KEY, `data keys starting with "${INTERNAL_PREFIX}" are reserved`);
  }
}

/**
 * A session's data as the request sees it, plus what changed since the last
 * release. Values are decoded lazily, and objects handed out by `get` are
 * re-encoded at release so an in-place mutation is saved, not silently lost.
 */
export class SessionValues {
  readonly #codec: Codec;
  readonly #onDecodeError: (error: SessError) => void;
  /** A stored value stays its raw string until first read; an Entry once decoded or set. */
  #entries = new Map<string, Entry | string>();
  #set = new Set<string>();
  #deleted = new Set<string>();
  #clear = false;
  /** False once an object value may have been handed out (or stored) since the last mutation check. */
  #checked = true;

  constructor(codec: Codec, stored: Record<string, string> | undefined, onDecodeError: (error: SessError) => void) {
    this.#codec = codec;
    this.#onDecodeError = onDecodeError;
    if (stored) for (const key of Object.keys(stored)) this.#entries.set(key, stored[key]!);
  }

  /** The decoded value, or undefined when absent or undecodable (reported, and left stored). */
  get(key: string): unknown {
    let entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (typeof entry === "string") {
      entry = { raw: entry, decoded: false };
      this.#entries.set(key, entry);
    }
    if (!entry.decoded) {
      try {
        entry.value = this.#codec.decode(entry.raw);
        entry.decoded = true;
      } catch (cause) {
        this.#onDecodeError(new SessError(SessErrorCode.DECODE_FAILED, `the stored value of "${key}" cannot be decoded`, { cause }));
        return undefined;
      }
    }
    if (typeof entry.value === "object" && entry.value !== null) this.#checked = false;
    return entry.value;
  }

  /** Encodes `value` without storing it, so a caller can check the size before anything changes. */
  encode(key: string, value: unknown): string {
    return encodeValue(this.#codec, key, value);
  }

  /** Stores `value` under `key`, encoded as `raw` (from `encode`) or encoded now. */
  set(key: string, value: unknown, raw = encodeValue(this.#codec, key, value)): string {
    this.#entries.set(key, { raw, value, decoded: true });
    if (typeof value === "object" && value !== null) this.#checked = false;
    this.#set.add(key);
    this.#deleted.delete(key);
    return raw;
  }

  delete(key: string): boolean {
    const had = this.#entries.delete(key);
    this.#set.delete(key);
    this.#deleted.add(key);
    return had;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Every key, internal ones included. */
  keys(): IterableIterator<string> {
    return this.#entries.keys();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Removes every key; the provider is told to clear the stored record. */
  clear(): void {
    this.#entries.clear();
    this.#set.clear();
    this.#deleted.clear();
    this.#clear = true;
  }

  /** Whether anything must be written, after catching in-place mutations of objects handed out. */
  hasChanges(): boolean {
    this.#detectMutations();
    return this.#clear || this.#set.size > 0 || this.#deleted.size > 0;
  }

  /** Takes the pending change, leaving none; `restore` puts it back if the write fails. */
  take(): PendingChange {
    this.#detectMutations();
    const set: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const key of this.#set) set[key] = rawOf(this.#entries.get(key)!);
    const change = { clear: this.#clear, set, deleted: [...this.#deleted] };
    this.#set.clear();
    this.#deleted.clear();
    this.#clear = false;
    // Objects handed out may still be changed in place after this release.
    this.#checked = false;
    return change;
  }

  /** Puts back a change whose write failed, unless the key was changed again meanwhile. */
  restore(change: PendingChange): void {
    for (const key of Object.keys(change.set)) if (!this.#deleted.has(key) && this.#entries.has(key)) this.#set.add(key);
    for (const key of change.deleted) if (!this.#set.has(key)) this.#deleted.add(key);
    if (change.clear) this.#clear = true;
  }

  /** Every key's encoded value, internal keys included: what a sealing provider seals. */
  snapshot(): Record<string, string> {
    const all: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [key, entry] of this.#entries) all[key] = rawOf(entry);
    return all;
  }

  /** Whether the data fits in `limit` UTF-8 bytes. */
  fits(limit: number): boolean {
    let units = 0;
    for (const [key, entry] of this.#entries) units += key.length + rawOf(entry).length;
    return units * 3 <= limit || this.utf8Size() <= limit;
  }

  /** The exact UTF-8 size of every key and encoded value. */
  utf8Size(): number {
    let total = 0;
    for (const [key, entry] of this.#entries) total += Buffer.byteLength(key) + Buffer.byteLength(rawOf(entry));
    return total;
  }

  #detectMutations(): void {
    if (this.#checked) return;
    this.#checked = true;
    for (const [key, entry] of this.#entries) {
      if (typeof entry === "string" || !entry.decoded || typeof entry.value !== "object" || entry.value === null) continue;
      const raw = encodeValue(this.#codec, key, entry.value);
      if (raw !== entry.raw) {
        entry.raw = raw;
        this.#set.add(key);
      }
    }
  }
}

function rawOf(entry: Entry | string): string {
  return typeof entry === "string" ? entry : entry.raw;
}
