import { SessError, SessErrorCode } from "./errors.js";
import { newSessionId, storageKeyOf } from "./ids.js";
import type { ResolvedOptions } from "./options.js";
import type { Provider, StoredSession } from "./provider.js";
import { INTERNAL_PREFIX, SessionData, checkDataKey } from "./session-data.js";

/** The shape of session data: a record of JSON-friendly values by key. */
export type SessionRecord = Record<string, unknown>;

const FLASH_KEY = `${INTERNAL_PREFIX}flash`;
const PERSIST_KEY = `${INTERNAL_PREFIX}persist`;

/** What the HTTP layer tells a session about its response. */
export interface CookieGate {
  /** Throws `HEADERS_SENT` when the cookie for this session can no longer be sent. */
  assertCanSendCookie(what: string): void;
}

/** What a Session needs from its Manager. */
export interface SessionContext {
  provider: Provider;
  options: ResolvedOptions;
}

/**
 * One session as a request sees it. Reads are served from memory; `release()`
 * writes only what changed (keys set, keys deleted) or, for an unchanged
 * session, refreshes its expiry at most once per `touchAfter`.
 */
export class Session<D extends SessionRecord = SessionRecord> {
  readonly #ctx: SessionContext;
  readonly #data: SessionData;
  #id: string;
  #key: string;
  #stored: boolean;
  #createdAt: number;
  #expiresAt: number | undefined;
  #destroyed = false;
  /** Whether a release in this request moved the stored expiry (a write or a touch): the cookie must follow. */
  #extended = false;
  /** The cookie persistence the client already has, so a change of it re-sends the cookie. */
  readonly #persistentAtLoad: boolean;
  #gate: CookieGate | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** @internal Sessions come from `Manager.start`, `load` and `create`. */
  constructor(ctx: SessionContext, id: string, stored: StoredSession | null, gate?: CookieGate) {
    this.#ctx = ctx;
    this.#id = id;
    this.#key = storageKeyOf(id);
    this.#stored = stored !== null;
    this.#createdAt = stored?.createdAt ?? ctx.options.now();
    this.#expiresAt = stored?.expiresAt;
    this.#gate = gate;
    this.#data = new SessionData(ctx.options.codec, stored?.data, ctx.options.onError);
    this.#persistentAtLoad = this.persistent;
  }

  /** The session id (what the cookie carries). Changes on `regenerate()`. */
  get id(): string {
    return this.#id;
  }

  /** True until the session has been stored once. */
  get isNew(): boolean {
    return !this.#stored;
  }

  /** True after `destroy()`, or when a release found the session destroyed elsewhere. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** When the session was created, epoch milliseconds. */
  get createdAt(): number {
    return this.#createdAt;
  }

  /** The value stored under `key`. */
  get<K extends keyof D & string>(key: K): D[K] | undefined {
    checkDataKey(key);
    return this.#data.get(key) as D[K] | undefined;
  }

  /** Stores `value` under `key` (encoded now, so an unencodable value fails here). `undefined` deletes. */
  set<K extends keyof D & string>(key: K, value: D[K]): this {
    checkDataKey(key);
    if (value === undefined) {
      this.delete(key);
      return this;
    }
    this.#beforeChange("set");
    // Checked before storing: a refused value must leave the previous one in place (and not mark it deleted).
    const raw = this.#data.encode(key, value);
    if (Buffer.byteLength(raw) > this.#ctx.options.maxSize) {
      throw new SessError(SessErrorCode.TOO_LARGE, `the value of "${key}" is larger than maxSize (${this.#ctx.options.maxSize} bytes)`);
    }
    this.#data.set(key, value, raw);
    return this;
  }

  /** Removes `key`; true when it was present. */
  delete<K extends keyof D & string>(key: K): boolean {
    checkDataKey(key);
    this.#open();
    return this.#data.delete(key);
  }

  /** Whether `key` holds a value. */
  has<K extends keyof D & string>(key: K): boolean {
    checkDataKey(key);
    return this.#data.has(key);
  }

  /** The keys that hold values. */
  keys(): (keyof D & string)[] {
    return [...this.#data.keys()].filter((k): k is keyof D & string => !k.startsWith(INTERNAL_PREFIX));
  }

  /** Deletes all data, flashes included; the remember-me choice stays. */
  flush(): void {
    this.#open();
    const persist = this.#data.has(PERSIST_KEY) ? this.#data.get(PERSIST_KEY) : undefined;
    this.#data.clear();
    if (persist !== undefined) this.#data.set(PERSIST_KEY, persist);
  }

  /** Adds a value that lasts until `flashes(key)` reads it (a message for the next page). */
  flash(key: string, value: unknown): void {
    checkDataKey(key);
    this.#beforeChange("flash");
    const list = (this.#data.get(FLASH_KEY) as [string, unknown][] | undefined) ?? [];
    this.#data.set(FLASH_KEY, [...list, [key, value]]);
  }

  /** The values flashed under `key`, oldest first; reading removes them. */
  flashes(key: string): unknown[] {
    checkDataKey(key);
    const list = this.#data.get(FLASH_KEY) as [string, unknown][] | undefined;
    if (!Array.isArray(list) || !list.some((item) => item[0] === key)) return [];
    this.#open();
    const rest = list.filter((item) => item[0] !== key);
    if (rest.length) this.#data.set(FLASH_KEY, rest);
    else this.#data.delete(FLASH_KEY);
    return list.filter((item) => item[0] === key).map((item) => item[1]);
  }

  /** true: a persistent cookie that outlives the browser; false: a browser-session cookie. */
  rememberMe(remember: boolean): void {
    if (remember === this.persistent) return;
    this.#gate?.assertCanSendCookie("rememberMe");
    this.#open();
    if (remember === this.#ctx.options.persistent) this.#data.delete(PERSIST_KEY);
    else this.#data.set(PERSIST_KEY, remember);
  }

  /** Whether this session's cookie is persistent (see `rememberMe`). */
  get persistent(): boolean {
    const choice = this.#data.get(PERSIST_KEY);
    return typeof choice === "boolean" ? choice : this.#ctx.options.persistent;
  }

  /** Whether `release()` would write something: data changed, or the session is new and holds data. */
  get dirty(): boolean {
    if (this.#destroyed) return false;
    return this.#stored ? this.#data.hasChanges() : this.#data.size > 0;
  }

  /** Whether a release since the session was loaded moved its stored expiry, so its cookie needs a new Max-Age. */
  get expiryExtended(): boolean {
    return this.#extended;
  }

  /** Whether `rememberMe` changed the cookie's persistence since the session was loaded. */
  get persistenceChanged(): boolean {
    return this.persistent !== this.#persistentAtLoad;
  }

  /** Whether this session is (or at release will be) in the store. */
  get willBeStored(): boolean {
    return !this.#destroyed && (this.#stored || this.#data.size > 0);
  }

  /** The expiry a release at `now` gives the session, epoch ms. */
  nextExpiry(now: number): number {
    const { idleMs, absoluteMs, rolling } = this.#ctx.options;
    const absoluteEnd = absoluteMs === undefined ? Number.POSITIVE_INFINITY : this.#createdAt + absoluteMs;
    const idleEnd = rolling || this.#expiresAt === undefined ? (rolling ? now : this.#createdAt) + idleMs : this.#expiresAt;
    return Math.min(idleEnd, absoluteEnd);
  }

  /** Whether an unchanged session is due for an expiry refresh at `now` (touchAfter has passed). */
  touchDue(now: number): boolean {
    if (!this.#stored || this.#expiresAt === undefined || !this.#ctx.options.rolling) return false;
    return this.nextExpiry(now) - this.#expiresAt >= Math.max(1, this.#ctx.options.touchAfterMs);
  }

  /**
   * Persists what changed: resolves true when the store holds this session's
   * data, false when the session was destroyed (here or by a concurrent request).
   */
  release(): Promise<boolean> {
    return this.#serial(() => this.#release());
  }

  /** Gives the session a new id, keeping its data; the old id stops working at once. Call on login. */
  regenerate(): Promise<void> {
    this.#gate?.assertCanSendCookie("regenerate");
    this.#open();
    return this.#serial(async () => {
      const id = newSessionId();
      const key = storageKeyOf(id);
      if (this.#stored && !(await this.#ctx.provider.regenerate(this.#key, key))) {
        // The old record vanished (expired or destroyed elsewhere): store the view we hold afresh.
        this.#stored = false;
        this.#data.markAllSet();
      }
      this.#id = id;
      this.#key = key;
    });
  }

  /** Removes the session from the store; the session cannot be used afterwards. */
  destroy(): Promise<void> {
    return this.#serial(async () => {
      if (this.#destroyed) return;
      if (this.#stored) await this.#ctx.provider.destroy(this.#key);
      this.#destroyed = true;
      this.#stored = false;
    });
  }

  async #release(): Promise<boolean> {
    if (this.#destroyed) return false;
    const { provider, options } = this.#ctx;
    const now = options.now();
    if (!this.#stored) {
      if (this.#data.size === 0) return true; // lazy: an empty new session is never stored
    } else if (!this.#data.hasChanges()) {
      if (!this.touchDue(now)) return true;
      const expiresAt = this.nextExpiry(now);
      if (await provider.touch(this.#key, expiresAt)) {
        this.#expiresAt = expiresAt;
        this.#extended = true;
      } else this.#gone();
      return !this.#destroyed;
    }
    const size = this.#data.byteSize();
    if (size > options.maxSize) {
      throw new SessError(SessErrorCode.TOO_LARGE, `session data is ${size} bytes, larger than maxSize (${options.maxSize})`);
    }
    const isNew = !this.#stored;
    const change = this.#data.take();
    const expiresAt = this.nextExpiry(now);
    let written: boolean;
    try {
      written = await provider.write(this.#key, { ...change, isNew, createdAt: this.#createdAt }, expiresAt);
    } catch (err) {
      this.#data.restore(change);
      throw err;
    }
    if (!written) {
      this.#gone();
      return false;
    }
    this.#stored = true;
    this.#expiresAt = expiresAt;
    this.#extended = true;
    return true;
  }

  #gone(): void {
    this.#destroyed = true;
    this.#stored = false;
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #beforeChange(what: string): void {
    this.#open();
    if (!this.#stored && this.#data.size === 0) this.#gate?.assertCanSendCookie(what);
  }

  #open(): void {
    if (this.#destroyed) throw new SessError(SessErrorCode.SESSION_CLOSED, "the session was destroyed");
  }
}
