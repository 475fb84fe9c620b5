/**
 * The contract between the Manager and a storage provider.
 *
 * The Manager owns ids, cookies, expiry policy and encoding; a provider stores
 * records under a storage key (the SHA-256 hex digest of the session id, never
 * the id itself). Data reaches a provider already encoded: one string per data
 * key, so a provider can apply a change key by key (a Redis hash field, a JSON
 * path in SQL) without understanding the values.
 */

/** A stored session as a provider returns it. */
export interface StoredSession {
  /** Encoded values by data key. Build it with `Object.create(null)` or treat it as a plain dictionary. */
  data: Record<string, string>;
  /** When the session was first stored, epoch milliseconds. */
  createdAt: number;
  /** When the record expires, epoch milliseconds; a provider never returns a record whose time has passed. */
  expiresAt: number;
}

/** What `release()` changed, handed to `Provider.write`. Never a blind overwrite. */
export interface ChangeSet {
  /** True when this write creates the session; only then may a provider create a record. */
  isNew: boolean;
  /** Remove every stored data key before applying `set` (the session was flushed). */
  clear: boolean;
  /** Encoded values to store, by data key. */
  set: Readonly<Record<string, string>>;
  /** Data keys to remove. Never overlaps `set`. */
  deleted: readonly string[];
  /** Creation time for a new record, epoch milliseconds (ignored unless `isNew`). */
  createdAt: number;
}

/** What a factory receives when the Manager opens a provider. */
export interface ProviderOptions {
  /** The manager's idle lifetime in seconds (the seed's `maxLifetime`). */
  maxLifetime: number;
  /** The seed's provider config: a string ("127.0.0.1:6379,100,secret", a DSN, a directory) or an options object. */
  config?: unknown;
}

/**
 * A storage driver. Every method validates its storage keys (see `isStorageKey`)
 * before they become a path, a Redis key or a SQL parameter, and rejects backend
 * failures with `SessError` code `STORE_UNAVAILABLE` in bounded time.
 */
export interface Provider {
  /** The name the provider registers under, used in error messages ("redis"). */
  readonly name: string;
  /** The record, or null when absent, expired or unreadable. */
  read(key: string): Promise<StoredSession | null>;
  /** Whether a live record exists. */
  exists(key: string): Promise<boolean>;
  /**
   * Apply `change` atomically and set the record's expiry to `expiresAt` (epoch ms).
   * Creates a record only when `change.isNew`. Resolves false, writing nothing,
   * when the session is not new and no live record exists (it was destroyed or
   * expired meanwhile: never revive it).
   */
  write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean>;
  /** Set the expiry of a live record without rewriting its data; false when absent. */
  touch(key: string, expiresAt: number): Promise<boolean>;
  /** Move a live record to `newKey`, keeping data and metadata; `oldKey` reads as absent afterwards. False when `oldKey` is absent (nothing is created). */
  regenerate(oldKey: string, newKey: string): Promise<boolean>;
  /** Remove the record; a no-op when absent. */
  destroy(key: string): Promise<void>;
  /** The number of live records. */
  count(): Promise<number>;
  /** Remove expired records and return how many; 0 where the store expires keys itself. */
  gc(): Promise<number>;
  /** Release connections and timers; the provider is unusable afterwards. Closes only what it opened. */
  close(): Promise<void>;
}

/** Opens a provider: parses `config`, connects, and returns a ready instance. Called once per Manager. */
export type ProviderFactory = (options: ProviderOptions) => Provider | Promise<Provider>;

const STORAGE_KEY = /^[0-9a-f]{64}$/;

/** True for a well-formed storage key: 64 lowercase hex digits (a SHA-256 digest). */
export function isStorageKey(key: unknown): key is string {
  return typeof key === "string" && STORAGE_KEY.test(key);
}
