import { randomBytes } from "node:crypto";
import { SessError, SessErrorCode } from "./errors.js";
import { newSessionId, storageKeyOf } from "./ids.js";
import type { ResolvedOptions } from "./options.js";
import type { Provider, StoredSession } from "./provider.js";
import type { SealingProvider } from "./sealing-provider.js";
import type { DefaultSessionData } from "./session-data.js";
import { INTERNAL_PREFIX, type PendingChange, SessionValues, checkDataKey } from "./session-values.js";
import { SUBJECT_META_KEY, checkMeta, checkSubject, hasSubjects, type SubjectMeta } from "./subject.js";

export type { SessionRecord } from "./session-data.js";

// One data key per flash message, so two requests that flash at once both keep
// theirs (change sets merge per key) and a read deletes exactly what it showed.
const FLASH_PREFIX = `${INTERNAL_PREFIX}flash:`;
const PERSIST_KEY = `${INTERNAL_PREFIX}persist`;

function ignore(): void {}

/** What the HTTP layer tells a session about its response. */
export interface CookieGate {
  /** Throws `HEADERS_SENT` when the cookie for this session can no longer be sent. */
  assertCanSendCookie(what: string): void;
}

/** What a Session needs from its Manager. */
export interface SessionContext {
  /** The store provider; undefined with a sealing provider. */
  provider: Provider | undefined;
  options: ResolvedOptions;
  /** Set for a client-side provider: release seals the session into the cookie instead of writing a store. */
  sealer?: SealingProvider | undefined;
}

/**
 * One session as a request sees it. Reads are served from memory; `release()`
 * writes only what changed (keys set, keys deleted) or, for an unchanged
 * session, refreshes its expiry at most once per `touchAfter`.
 */
export class Session<D extends object = DefaultSessionData> {
  readonly #ctx: SessionContext;
  #data: SessionValues;
  #id: string;
  /** The storage key, computed on first need: a new session that is never stored costs no SHA-256. */
  #key: string | undefined;
  #stored: boolean;
  #createdAt: number;
  #expiresAt: number | undefined;
  #destroyed = false;
  #destroyedHere = false;
  readonly #detached: boolean;
  /** Whether a release in this request moved the stored expiry (a write or a touch): the cookie must follow. */
  #extended = false;
  /** The cookie persistence the client already has, so a change of it re-sends the cookie. */
  readonly #persistentAtLoad: boolean;
  #gate: CookieGate | undefined;
  /** Sealing providers: the cookie value the last release sealed, and whether the next release must seal even unchanged data. */
  #sealed: string | undefined;
  #reseal: boolean;
  #queue: Promise<unknown> | undefined;
  #flashCount = 0;
  /** The subject as this request sees it, and the change to it the next release must store (undefined: none). */
  #subject: string | undefined;
  #subjectChange: string | null | undefined;

  /** @internal Sessions come from `Manager.start`, `load` and `create`. */
  constructor(ctx: SessionContext, id: string, key: string | undefined, stored: StoredSession | null, gate?: CookieGate, detached = false, reseal = false) {
    this.#ctx = ctx;
    this.#id = id;
    this.#key = key;
    this.#stored = stored !== null;
    this.#createdAt = stored?.createdAt ?? ctx.options.now();
    this.#expiresAt = stored?.expiresAt;
    this.#subject = stored?.subject;
    this.#gate = gate;
    this.#detached = detached;
    this.#reseal = reseal;
    this.#data = new SessionValues(ctx.options.codec, stored?.data, ctx.options.onError);
    this.#persistentAtLoad = this.persistent;
    // `session.userId = 1` (the express-session habit) would be silently lost: make it throw.
    Object.preventExtensions(this);
  }

  /** The session id (what the cookie carries). Changes on `regenerate()`. */
  get id(): string {
    return this.#id;
  }

  /** @internal The storage key (SHA-256 of the id) the provider knows this session by. */
  get storageKey(): string {
    return (this.#key ??= storageKeyOf(this.#id));
  }

  /** True until the session has been stored once. */
  get isNew(): boolean {
    return !this.#stored;
  }

  /** True after `destroy()`, or when a release found the session destroyed elsewhere. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** True when this request called `destroy()` (not when the session was found gone). */
  get destroyedHere(): boolean {
    return this.#destroyedHere;
  }

  /** True for a session served while the store was down (`storeDown: "fresh"`): it is never stored. */
  get detached(): boolean {
    return this.#detached;
  }

  /** @internal For a sealing provider: the cookie value the last release sealed, if any. */
  get sealedValue(): string | undefined {
    return this.#sealed;
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
    // A UTF-16 unit is at most 3 UTF-8 bytes: short values skip the byte count.
    if (raw.length * 3 > this.#ctx.options.maxSize && Buffer.byteLength(raw) > this.#ctx.options.maxSize) {
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

  /** Deletes all data, flashes included; the remember-me choice and the subject binding (with its meta) stay. */
  flush(): void {
    this.#open();
    const persist = this.#data.has(PERSIST_KEY) ? this.#data.get(PERSIST_KEY) : undefined;
    const meta = this.#data.has(SUBJECT_META_KEY) ? this.#data.get(SUBJECT_META_KEY) : undefined;
    this.#data.clear();
    if (persist !== undefined) this.#data.set(PERSIST_KEY, persist);
    if (meta !== undefined) this.#data.set(SUBJECT_META_KEY, meta);
  }

  /** The subject (user id) this session is bound to, or undefined (see `setSubject`). */
  get subject(): string | undefined {
    return this.#subject;
  }

  /**
   * Binds the session to `subject` (typically the user id, right after `regenerate()` at login),
   * so `manager.listSessions(subject)` finds it and `revokeSessions(subject)` ends it; `meta` is
   * small string metadata shown in that list (the user agent). `null` unbinds (on logout).
   * Stored at the next release. Throws `UNSUPPORTED` when the provider has no subject index.
   */
  setSubject(subject: string | null, meta?: SubjectMeta): void {
    this.#open();
    const { provider, sealer } = this.#ctx;
    if (sealer !== undefined || !hasSubjects(provider)) {
      const name = (sealer ?? provider)?.name ?? "unknown";
      throw new SessError(SessErrorCode.UNSUPPORTED, `setSubject() is not supported by the "${name}" provider: it keeps no per-subject index`);
    }
    if (subject === null) {
      if (this.#subject === undefined && this.#subjectChange === undefined) return;
      this.#data.delete(SUBJECT_META_KEY);
    } else {
      checkSubject(subject);
      const checked = checkMeta(meta);
      this.#beforeChange("setSubject");
      // The meta key also makes the session dirty, so a bind alone is written (and a new session stored).
      this.#data.set(SUBJECT_META_KEY, checked);
    }
    this.#subject = subject ?? undefined;
    this.#subjectChange = subject;
  }

  /** Adds a value that lasts until `flashes(key)` reads it (a message for the next page). */
  flash(key: string, value: unknown): void {
    checkDataKey(key);
    this.#beforeChange("flash");
    // Time first so that keys sort oldest first; the counter orders one request's
    // flashes within a millisecond, the random part keeps concurrent requests apart.
    const stamp = Date.now().toString(36).padStart(9, "0") + (this.#flashCount++).toString(36).padStart(4, "0") + randomBytes(4).toString("hex");
    const dataKey = `${FLASH_PREFIX}${stamp}:${key}`;
    this.#data.set(dataKey, value, this.#data.encode(key, value));
  }

  /** The values flashed under `key`, oldest first; reading removes them. */
  flashes(key: string): unknown[] {
    checkDataKey(key);
    const found: string[] = [];
    for (const dataKey of this.#data.keys()) {
      if (dataKey.startsWith(FLASH_PREFIX) && dataKey.endsWith(key) && dataKey.indexOf(":", FLASH_PREFIX.length) === dataKey.length - key.length - 1) {
        found.push(dataKey);
      }
    }
    if (found.length === 0) return [];
    this.#open();
    found.sort();
    const values = found.map((dataKey) => this.#data.get(dataKey));
    for (const dataKey of found) this.#data.delete(dataKey);
    return values;
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
    if (!this.#data.has(PERSIST_KEY)) return this.#ctx.options.persistent;
    const choice = this.#data.get(PERSIST_KEY);
    return typeof choice === "boolean" ? choice : this.#ctx.options.persistent;
  }

  /** Whether `release()` would write something: data changed, or the session is new and holds data. */
  get dirty(): boolean {
    if (this.#destroyed || this.#detached) return false;
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
    return !this.#destroyed && !this.#detached && (this.#stored || this.#data.size > 0);
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
   * Persists what changed. Resolves true when the store holds this session's data
   * (or there was nothing to store), false when it does not: the session was
   * destroyed (here, or by a concurrent request such as a logout in another tab,
   * whose record is never revived) or is detached (served while the store was down).
   */
  release(): Promise<boolean> {
    return this.#serial(() => this.#release());
  }

  /**
   * Gives the session a new id, keeping its data; the old id stops working at once.
   * Call on login. When the stored session is already gone (destroyed by another
   * request, or expired), nothing is revived: the session continues as a fresh,
   * empty one under the new id.
   */
  regenerate(): Promise<void> {
    this.#gate?.assertCanSendCookie("regenerate");
    this.#open();
    return this.#serial(async () => {
      const id = newSessionId();
      if (this.#ctx.sealer !== undefined) {
        // Stateless: the old cookie value still opens until it expires (see the cookie provider's README).
        this.#id = id;
        this.#key = undefined;
        this.#reseal = true;
        return;
      }
      const key = storageKeyOf(id);
      if (this.#stored && !this.#detached && !(await this.#ctx.provider!.regenerate(this.storageKey, key))) {
        this.#stored = false;
        this.#expiresAt = undefined;
        this.#createdAt = this.#ctx.options.now();
        this.#data = new SessionValues(this.#ctx.options.codec, undefined, this.#ctx.options.onError);
        this.#subject = undefined;
        this.#subjectChange = undefined;
      }
      this.#id = id;
      this.#key = key;
    });
  }

  /** Removes the session from the store; the session cannot be used afterwards. */
  destroy(): Promise<void> {
    return this.#serial(async () => {
      if (this.#destroyed) return;
      if (this.#stored && !this.#detached && this.#ctx.sealer === undefined) await this.#ctx.provider!.destroy(this.storageKey);
      this.#destroyed = true;
      this.#destroyedHere = true;
      this.#stored = false;
    });
  }

  async #release(): Promise<boolean> {
    if (this.#destroyed || this.#detached) return false;
    const { provider, options, sealer } = this.#ctx;
    const now = options.now();
    if (sealer !== undefined) return this.#seal(sealer, now);
    const store = provider!;
    if (!this.#stored) {
      if (this.#data.size === 0) return true; // lazy: an empty new session is never stored
    } else if (!this.#data.hasChanges()) {
      if (!this.touchDue(now)) return true;
      const expiresAt = this.nextExpiry(now);
      if (await store.touch(this.storageKey, expiresAt)) {
        this.#expiresAt = expiresAt;
        this.#extended = true;
      } else this.#gone();
      return !this.#destroyed;
    }
    const change = this.#takeWithinMaxSize();
    const isNew = !this.#stored;
    const expiresAt = this.#writeExpiry(now);
    const subject = this.#subjectChange;
    let written: boolean;
    try {
      written = await store.write(this.storageKey, { clear: change.clear, set: change.set, deleted: change.deleted, isNew, createdAt: this.#createdAt, subject }, expiresAt);
    } catch (err) {
      this.#data.restore(change);
      throw err;
    }
    if (!written) {
      this.#gone();
      return false;
    }
    // A setSubject made while this write was in flight stays pending for the next release.
    if (this.#subjectChange === subject) this.#subjectChange = undefined;
    this.#stored = true;
    if (expiresAt !== this.#expiresAt) this.#extended = true;
    this.#expiresAt = expiresAt;
    return true;
  }

  // A write moves the stored expiry in steps of at least touchAfter, as a touch does: a
  // session changed on every request is not re-sent a cookie on every response (the cookie
  // follows the stored expiry exactly), and it may end at most touchAfter before a
  // to-the-millisecond rolling expiry would, the bound touchAfter already sets for reads.
  #writeExpiry(now: number): number {
    const next = this.nextExpiry(now);
    const current = this.#expiresAt;
    if (current === undefined || !this.#stored) return next;
    return next >= current && next - current < Math.max(1, this.#ctx.options.touchAfterMs) ? current : next;
  }

  // take() before measuring: it catches objects changed in place, which the size must count.
  #takeWithinMaxSize(): PendingChange {
    const change = this.#data.take();
    const { maxSize } = this.#ctx.options;
    if (!this.#data.fits(maxSize)) {
      const size = this.#data.utf8Size();
      this.#data.restore(change);
      throw new SessError(SessErrorCode.TOO_LARGE, `session data is ${size} bytes, larger than maxSize (${maxSize})`);
    }
    return change;
  }

  // A client-side session is "written" by sealing all of it into the next cookie.
  #seal(sealer: SealingProvider, now: number): boolean {
    const changed = this.#stored ? this.#data.hasChanges() : this.#data.size > 0;
    if (!changed && !this.#reseal && !this.touchDue(now)) return true;
    // The cookie is the only copy of a sealed session: a change no Set-Cookie can carry any more is refused, not lost.
    if (changed) this.#gate?.assertCanSendCookie("release");
    const change = this.#takeWithinMaxSize();
    const expiresAt = this.nextExpiry(now);
    try {
      this.#sealed = sealer.seal({ id: this.#id, data: this.#data.snapshot(), createdAt: this.#createdAt, expiresAt });
    } catch (err) {
      this.#data.restore(change);
      throw err;
    }
    this.#stored = true;
    this.#expiresAt = expiresAt;
    this.#extended = true;
    this.#reseal = false;
    return true;
  }

  #gone(): void {
    this.#destroyed = true;
    this.#stored = false;
  }

  // Operations on one session run one after another; an idle session runs the
  // work at once, so a request's single release costs no extra promise hop.
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue === undefined ? work() : this.#queue.then(work, work);
    this.#queue = next.then(ignore, ignore);
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
