// map-provider.ts
/**
 * A complete, minimal third-party sess provider: sessions in a Map. It is the example of
 * @sess/conformance's README, run against the whole suite in CI (test/example-provider.test.ts)
 * and, from packed tarballs, in an empty project outside the monorepo (.ci/run).
 *
 * It leaves out the two optional methods: `exists` (read is as cheap) and `gc` (expired records
 * are dropped when a read or count meets them). The suite skips, and reports, what needs them.
 */
import { SessError, SessErrorCode, isStorageKey, type ChangeSet, type Provider, type StoredSession } from "@sess/core/provider";

interface MapRecord {
  data: Record<string, string>;
  createdAt: number;
  expiresAt: number;
}

/** Sessions in a Map, for one process. */
export class MapProvider implements Provider {
  readonly name = "map";
  readonly #records = new Map<string, MapRecord>();
  #closed = false;

  // Every method is async: a bad key or a closed provider must reject, never throw synchronously.
  async read(key: string): Promise<StoredSession | null> {
    const record = this.#live(key);
    // A copy: the caller may change what it got without changing the store.
    return record ? { data: { ...record.data }, createdAt: record.createdAt, expiresAt: record.expiresAt } : null;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    let record = this.#live(key);
    if (!record) {
      // Never revive: only a new session may create a record.
      if (!change.isNew) return false;
      record = { data: Object.create(null) as Record<string, string>, createdAt: change.createdAt, expiresAt };
      this.#records.set(key, record);
    }
    // isNew on a live record merges, like an update (two requests created the same session).
    record.expiresAt = expiresAt;
    if (change.clear) record.data = Object.create(null) as Record<string, string>;
    for (const name of change.deleted) delete record.data[name];
    for (const [name, value] of Object.entries(change.set)) record.data[name] = value;
    return true;
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    const record = this.#live(key);
    if (record) record.expiresAt = expiresAt;
    return record !== undefined;
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    this.#checkKey(newKey);
    const record = this.#live(oldKey);
    if (!record) return false;
    this.#records.delete(oldKey);
    this.#records.set(newKey, record);
    return true;
  }

  async destroy(key: string): Promise<void> {
    this.#checkKey(key);
    this.#records.delete(key);
  }

  async count(): Promise<number> {
    this.#checkOpen();
    return [...this.#records.keys()].filter((key) => this.#live(key) !== undefined).length;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#records.clear();
  }

  /** The record when it is live; an expired one is deleted on the way (this store's gc). */
  #live(key: string): MapRecord | undefined {
    this.#checkKey(key);
    const record = this.#records.get(key);
    if (record && record.expiresAt <= Date.now()) {
      this.#records.delete(key);
      return undefined;
    }
    return record;
  }

  #checkOpen(): void {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the map provider is closed");
  }

  // The key becomes a Map key here, but in a real store it becomes a path or a query: refuse first.
  #checkKey(key: unknown): void {
    this.#checkOpen();
    if (!isStorageKey(key)) throw new SessError(SessErrorCode.INVALID_KEY, "not a storage key");
  }
}

/** Opens a MapProvider; what `register("map", mapProvider)` would take. */
export function mapProvider(): MapProvider {
  return new MapProvider();
}
