import type { SealingProvider } from "./sealing.js";

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
  /** The subject (user id) the session is bound to, from providers with the subject capability; absent when unbound. */
  subject?: string | undefined;
}

/** One of a subject's sessions, as `Provider.listSubject` returns it. */
export interface SubjectSession {
  /** The session's storage key. */
  key: string;
  /** Its live record; `record.subject` is the subject that was listed. */
  record: StoredSession;
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
  /**
   * The subject to bind the session to, for providers with the subject capability: a string binds
   * (moving the record to that subject's index), null unbinds, undefined leaves it as stored.
   */
  subject?: string | null | undefined;
}

/** What a factory receives when the Manager opens a provider. */
export interface ProviderOptions {
  /** The manager's idle lifetime in seconds (the seed's `maxLifetime`). */
  maxLifetime: number;
  /** The seed's provider config: a string ("127.0.0.1:6379,100,secret", a DSN, a directory) or an options object. */
  config?: unknown;
  /**
   * The Manager's clock, epoch ms. The clock rule: expiry times are epoch ms on the
   * application's clock, and only that clock decides whether a record is live. A
   * provider compares `expiresAt` with this `now` (never a server's `NOW()` or Redis
   * `TIME`), and a backend that expires keys itself is given the time left, never an
   * absolute time, so clock skew between the application and the store cannot end or
   * prolong a session.
   */
  now?: () => number;
  /**
   * The name of the session cookie. A provider whose value is the cookie (a sealing provider) binds it
   * into what it seals, so a value issued under one cookie name never opens under another manager.
   */
  cookieName?: string;
  /**
   * The most bytes a Set-Cookie of this manager takes besides the value: `name=` and the longest
   * attributes it can send (Max-Age, Expires, Path, Domain, HttpOnly, SameSite, Secure, Partitioned).
   * A sealing provider counts it against the browsers' 4096-byte cookie limit.
   */
  cookieOverhead?: number;
}

/**
 * A storage driver. The rules every method follows (the conformance suite checks each one):
 *
 * - Return a promise and report every failure by rejecting it: never throw synchronously,
 *   not even for a bad argument. Write methods as `async` so a thrown error becomes a rejection.
 * - Validate storage keys (see `isStorageKey`) before they become a path, a Redis key or a SQL
 *   parameter, and reject a malformed one with `SessError` code `INVALID_KEY`.
 * - Reject backend failures with `SessError` code `STORE_UNAVAILABLE` in bounded time (a
 *   timeout on every call), and work again when the backend comes back, without a restart.
 * - Treat a record whose `expiresAt` has passed as absent everywhere, whether or not it was
 *   collected yet; never revive a destroyed, expired or regenerated-away record.
 * - After `close()`, reject every call with `SessError` code `CLOSED`.
 *
 * `exists` and `gc` are optional capabilities, detected at run time like database/sql/driver's
 * optional interfaces: leave `exists` out when `read` is as cheap, leave `gc` out when the store
 * expires records itself (Redis TTLs). The Manager then answers `gc()` with 0.
 *
 * `listSubject` and `destroySubject` are the subject capability (a user's sessions), present
 * together or not at all. A provider that has it stores `change.subject` with the record and keeps
 * a per-subject index that `write`, `regenerate` and `destroy` update atomically with the record.
 */
export interface Provider {
  /** The name the provider registers under, used in error messages ("redis"). */
  readonly name: string;
  /** Optional: the backend as OpenTelemetry's `db.system.name` spells it ("redis", "mysql", "postgresql"), for telemetry. */
  readonly dbSystem?: string;
  /** The record, or null when absent, expired or unreadable (corrupt data reads as absent, it never rejects). */
  read(key: string): Promise<StoredSession | null>;
  /** Optional: whether a live record exists; the suite uses `read(key) !== null` when absent. */
  exists?(key: string): Promise<boolean>;
  /**
   * Apply `change` atomically and set the record's expiry to `expiresAt` (epoch ms).
   * Atomic means concurrent writers never lose each other's data keys: apply `set`/`deleted`
   * key by key on the stored record, never write back a copy read earlier.
   * Creates a record only when `change.isNew`; `isNew` on a live record (two requests created
   * the same session at once) merges the change into it like an update, keeping `createdAt`.
   * Resolves false, writing nothing, when the session is not new and no live record exists
   * (it was destroyed or expired meanwhile: never revive it).
   */
  write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean>;
  /** Set the expiry of a live record (later or earlier) without rewriting its data; false when absent. */
  touch(key: string, expiresAt: number): Promise<boolean>;
  /** Move a live record to `newKey`, keeping data and metadata; `oldKey` reads as absent afterwards. False when `oldKey` is absent (nothing is created). */
  regenerate(oldKey: string, newKey: string): Promise<boolean>;
  /** Remove the record; a no-op when absent. */
  destroy(key: string): Promise<void>;
  /** The number of live records. */
  count(): Promise<number>;
  /** Optional: remove expired records and return how many; leave it out where the store expires keys itself. */
  gc?(): Promise<number>;
  /**
   * Optional (subject capability): the live records bound to `subject`, in no particular order.
   * Never lists an expired record, one bound to another subject, or an index entry whose record is
   * gone; cleans such entries up as it meets them, so the cost is bounded by the subject's entries.
   */
  listSubject?(subject: string): Promise<SubjectSession[]>;
  /**
   * Optional (subject capability): destroys every live record bound to `subject` except `exceptKey`,
   * resolving how many it removed. Atomic against `write` (a later write of a change that is not new
   * finds no record) and `regenerate` (a record moved during the call is destroyed at its new key).
   */
  destroySubject?(subject: string, exceptKey?: string): Promise<number>;
  /** Release connections and timers; the provider is unusable afterwards. Closes only what it opened; a second call resolves. */
  close(): Promise<void>;
}

/** Opens a provider: parses `config`, connects, and returns a ready instance. Called once per Manager. */
export type ProviderFactory = (options: ProviderOptions) => Provider | SealingProvider | Promise<Provider | SealingProvider>;

const STORAGE_KEY = /^[0-9a-f]{64}$/;

/** True for a well-formed storage key: 64 lowercase hex digits (a SHA-256 digest). */
export function isStorageKey(key: unknown): key is string {
  return typeof key === "string" && STORAGE_KEY.test(key);
}
