import type { ChangeSet, Provider, StoredSession } from "../../src/provider.js";
import { SessError, SessErrorCode } from "../../src/index.js";
import { assertStorageKey } from "../../src/provider.js";

interface Entry {
  data: Record<string, string>;
  createdAt: number;
  expiresAt: number;
}

/**
 * A small but complete provider for core's own tests (core cannot depend on
 * @sess/provider-memory, which depends on core). It follows the contract and
 * counts calls so tests can check what the Manager asked of the store.
 */
export class MapProvider implements Provider {
  readonly name = "map";
  /** Calls by method name. */
  readonly calls = new Map<string, number>();
  readonly entries = new Map<string, Entry>();
  closed = false;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** How often `method` was called. */
  count_(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  async read(key: string): Promise<StoredSession | null> {
    const entry = this.#live("read", key);
    return entry ? { data: { ...entry.data }, createdAt: entry.createdAt, expiresAt: entry.expiresAt } : null;
  }

  async exists(key: string): Promise<boolean> {
    return this.#live("exists", key) !== undefined;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    let entry = this.#live("write", key);
    if (!entry) {
      if (!change.isNew) return false;
      entry = { data: Object.create(null) as Record<string, string>, createdAt: change.createdAt, expiresAt };
      this.entries.set(key, entry);
    }
    entry.expiresAt = expiresAt;
    if (change.clear) entry.data = Object.create(null) as Record<string, string>;
    for (const name of change.deleted) delete entry.data[name];
    for (const name of Object.keys(change.set)) entry.data[name] = change.set[name]!;
    return true;
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    const entry = this.#live("touch", key);
    if (entry) entry.expiresAt = expiresAt;
    return entry !== undefined;
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    assertStorageKey(newKey, this.name);
    const entry = this.#live("regenerate", oldKey);
    if (!entry) return false;
    this.entries.delete(oldKey);
    this.entries.set(newKey, entry);
    return true;
  }

  async destroy(key: string): Promise<void> {
    this.#enter("destroy", key);
    this.entries.delete(key);
  }

  async count(): Promise<number> {
    this.#enter("count");
    return [...this.entries.values()].filter((e) => e.expiresAt > this.#now()).length;
  }

  async gc(): Promise<number> {
    this.#enter("gc");
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= this.#now()) {
        this.entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    this.calls.set("close", this.count_("close") + 1);
    this.closed = true;
  }

  #enter(method: string, key?: string): void {
    this.calls.set(method, this.count_(method) + 1);
    if (this.closed) throw new SessError(SessErrorCode.CLOSED, "closed", { source: this.name });
    if (key !== undefined) assertStorageKey(key, this.name);
  }

  #live(method: string, key: string): Entry | undefined {
    this.#enter(method, key);
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.#now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

/** Calls made to any method except `close`. */
export function storeCalls(provider: MapProvider): number {
  let total = 0;
  for (const [method, n] of provider.calls) if (method !== "close") total += n;
  return total;
}
