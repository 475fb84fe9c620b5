import { SessError, SessErrorCode } from "../errors.js";
import type { StoredSession } from "../spi/contract.js";
import { flashKey, flashKeysOf } from "./flash.js";
import type { DefaultSessionData } from "./session-data.js";
import { type CookieGate, type SessionContext, SessionState } from "./session-state.js";
import { INTERNAL_PREFIX, checkDataKey } from "./session-values.js";
import { SUBJECT_META_KEY, checkMeta, checkSubject, hasSubjects, type SubjectMeta } from "./subject.js";

export type { SessionRecord } from "./session-data.js";
export type { CookieGate, SessionContext } from "./session-state.js";

const PERSIST_KEY = `${INTERNAL_PREFIX}persist`;

/**
 * One session as a request sees it. Reads are served from memory; `release()`
 * writes only what changed (keys set, keys deleted) or, for an unchanged
 * session, refreshes its expiry at most once per `touchAfter`.
 */
export class Session<D extends object = DefaultSessionData> {
  readonly #s: SessionState;
  /** The cookie persistence the client already has, so a change of it re-sends the cookie. */
  readonly #persistentAtLoad: boolean;
  #flashCount = 0;

  /** @internal Sessions come from `Manager.start`, `load` and `create`. */
  constructor(ctx: SessionContext, id: string, key: string | undefined, stored: StoredSession | null, gate?: CookieGate, detached = false, reseal = false) {
    this.#s = new SessionState(ctx, id, key, stored, gate, detached, reseal);
    this.#persistentAtLoad = this.persistent;
    // `session.userId = 1` (the express-session habit) would be silently lost: make it throw.
    Object.preventExtensions(this);
  }

  /** The session id (what the cookie carries). Changes on `regenerate()`. */
  get id(): string {
    return this.#s.id;
  }

  /** @internal The storage key (SHA-256 of the id) the provider knows this session by. */
  get storageKey(): string {
    return this.#s.storageKey;
  }

  /** True until the session has been stored once. */
  get isNew(): boolean {
    return !this.#s.stored;
  }

  /** True after `destroy()`, or when a release found the session destroyed elsewhere. */
  get destroyed(): boolean {
    return this.#s.destroyed;
  }

  /** True when this request called `destroy()` (not when the session was found gone). */
  get destroyedHere(): boolean {
    return this.#s.destroyedHere;
  }

  /** True for a session served while the store was down (`storeDown: "fresh"`): it is never stored. */
  get detached(): boolean {
    return this.#s.detached;
  }

  /** @internal For a sealing provider: the cookie value the last release sealed, if any. */
  get sealedValue(): string | undefined {
    return this.#s.sealed;
  }

  /** When the session was created, epoch milliseconds. */
  get createdAt(): number {
    return this.#s.createdAt;
  }

  /** The value stored under `key`. */
  get<K extends keyof D & string>(key: K): D[K] | undefined {
    checkDataKey(key);
    return this.#s.data.get(key) as D[K] | undefined;
  }

  /** Stores `value` under `key` (encoded now, so an unencodable value fails here). `undefined` deletes. */
  set<K extends keyof D & string>(key: K, value: D[K]): this {
    checkDataKey(key);
    if (value === undefined) {
      this.delete(key);
      return this;
    }
    this.#beforeChange("set");
    const s = this.#s;
    // Checked before storing: a refused value must leave the previous one in place (and not mark it deleted).
    const raw = s.data.encode(key, value);
    const { maxSize } = s.ctx.options;
    // A UTF-16 unit is at most 3 UTF-8 bytes: short values skip the byte count.
    if (raw.length * 3 > maxSize && Buffer.byteLength(raw) > maxSize) {
      throw new SessError(SessErrorCode.TOO_LARGE, `the value of "${key}" is larger than maxSize (${maxSize} bytes)`);
    }
    s.data.set(key, value, raw);
    return this;
  }

  /** Removes `key`; true when it was present. */
  delete<K extends keyof D & string>(key: K): boolean {
    checkDataKey(key);
    this.#open();
    return this.#s.data.delete(key);
  }

  /** Whether `key` holds a value. */
  has<K extends keyof D & string>(key: K): boolean {
    checkDataKey(key);
    return this.#s.data.has(key);
  }

  /** The keys that hold values. */
  keys(): (keyof D & string)[] {
    return [...this.#s.data.keys()].filter((k): k is keyof D & string => !k.startsWith(INTERNAL_PREFIX));
  }

  /** Deletes all data, flashes included; the remember-me choice and the subject binding (with its meta) stay. */
  flush(): void {
    this.#open();
    const data = this.#s.data;
    const persist = data.has(PERSIST_KEY) ? data.get(PERSIST_KEY) : undefined;
    const meta = data.has(SUBJECT_META_KEY) ? data.get(SUBJECT_META_KEY) : undefined;
    data.clear();
    if (persist !== undefined) data.set(PERSIST_KEY, persist);
    if (meta !== undefined) data.set(SUBJECT_META_KEY, meta);
  }

  /** The subject (user id) this session is bound to, or undefined (see `setSubject`). */
  get subject(): string | undefined {
    return this.#s.subject;
  }

  /**
   * Binds the session to `subject` (typically the user id, right after `regenerate()` at login),
   * so `manager.listSessions(subject)` finds it and `revokeSessions(subject)` ends it; `meta` is
   * small string metadata shown in that list (the user agent). `null` unbinds (on logout).
   * Stored at the next release. Throws `UNSUPPORTED` when the provider has no subject index.
   */
  setSubject(subject: string | null, meta?: SubjectMeta): void {
    this.#open();
    const s = this.#s;
    const { provider, sealer } = s.ctx;
    if (sealer !== undefined || !hasSubjects(provider)) {
      const name = (sealer ?? provider)?.name ?? "unknown";
      throw new SessError(SessErrorCode.UNSUPPORTED, `setSubject() is not supported by the "${name}" provider: it keeps no per-subject index`);
    }
    if (subject === null) {
      if (s.subject === undefined && s.subjectChange === undefined) return;
      s.data.delete(SUBJECT_META_KEY);
    } else {
      checkSubject(subject);
      const checked = checkMeta(meta);
      this.#beforeChange("setSubject");
      // The meta key also makes the session dirty, so a bind alone is written (and a new session stored).
      s.data.set(SUBJECT_META_KEY, checked);
    }
    s.subject = subject ?? undefined;
    s.subjectChange = subject;
  }

  /** Adds a value that lasts until `flashes(key)` reads it (a message for the next page). */
  flash(key: string, value: unknown): void {
    checkDataKey(key);
    this.#beforeChange("flash");
    const data = this.#s.data;
    data.set(flashKey(key, this.#flashCount++), value, data.encode(key, value));
  }

  /** The values flashed under `key`, oldest first; reading removes them. */
  flashes(key: string): unknown[] {
    checkDataKey(key);
    const data = this.#s.data;
    const found = flashKeysOf(data.keys(), key);
    if (found.length === 0) return [];
    this.#open();
    const values = found.map((dataKey) => data.get(dataKey));
    for (const dataKey of found) data.delete(dataKey);
    return values;
  }

  /** true: a persistent cookie that outlives the browser; false: a browser-session cookie. */
  rememberMe(remember: boolean): void {
    if (remember === this.persistent) return;
    this.#s.gate?.assertCanSendCookie("rememberMe");
    this.#open();
    if (remember === this.#s.ctx.options.persistent) this.#s.data.delete(PERSIST_KEY);
    else this.#s.data.set(PERSIST_KEY, remember);
  }

  /** Whether this session's cookie is persistent (see `rememberMe`). */
  get persistent(): boolean {
    const { data, ctx } = this.#s;
    if (!data.has(PERSIST_KEY)) return ctx.options.persistent;
    const choice = data.get(PERSIST_KEY);
    return typeof choice === "boolean" ? choice : ctx.options.persistent;
  }

  /** Whether `release()` would write something: data changed, or the session is new and holds data. */
  get dirty(): boolean {
    const s = this.#s;
    if (s.destroyed || s.detached) return false;
    return s.stored ? s.data.hasChanges() : s.data.size > 0;
  }

  /** @internal The last release's write rejected (the change is still pending). */
  get writeFailed(): boolean {
    return this.#s.writeFailed;
  }

  /** @internal A detached session (served while the store was down) that got data: a change no release can store. */
  get unstorable(): boolean {
    return this.#s.detached && !this.#s.destroyed && this.#s.data.size > 0;
  }

  /** Whether a release since the session was loaded moved its stored expiry, so its cookie needs a new Max-Age. */
  get expiryExtended(): boolean {
    return this.#s.extended;
  }

  /** Whether `rememberMe` changed the cookie's persistence since the session was loaded. */
  get persistenceChanged(): boolean {
    return this.persistent !== this.#persistentAtLoad;
  }

  /** Whether this session is (or at release will be) in the store. */
  get willBeStored(): boolean {
    const s = this.#s;
    return !s.destroyed && !s.detached && (s.stored || s.data.size > 0);
  }

  /** The expiry a release at `now` gives the session, epoch ms. */
  nextExpiry(now: number): number {
    return this.#s.nextExpiry(now);
  }

  /** Whether an unchanged session is due for an expiry refresh at `now` (touchAfter has passed). */
  touchDue(now: number): boolean {
    return this.#s.touchDue(now);
  }

  /**
   * Persists what changed. Resolves true when the store holds this session's data
   * (or there was nothing to store), false when it does not: the session was
   * destroyed (here, or by a concurrent request such as a logout in another tab,
   * whose record is never revived) or is detached (served while the store was down).
   */
  release(): Promise<boolean> {
    return this.#s.release();
  }

  /**
   * Gives the session a new id, keeping its data; the old id stops working at once.
   * Call on login. When the stored session is already gone (destroyed by another
   * request, or expired), nothing is revived: the session continues as a fresh,
   * empty one under the new id.
   */
  regenerate(): Promise<void> {
    this.#s.gate?.assertCanSendCookie("regenerate");
    this.#open();
    return this.#s.regenerate();
  }

  /** Removes the session from the store; the session cannot be used afterwards. */
  destroy(): Promise<void> {
    const s = this.#s;
    // A sealed session ends only by the expiring cookie: once no Set-Cookie can go out, the client stays logged in.
    if (s.ctx.sealer !== undefined && s.stored && !s.destroyed) s.gate?.assertCanSendCookie("destroy");
    return s.destroy();
  }

  #beforeChange(what: string): void {
    this.#open();
    const s = this.#s;
    if (!s.stored && s.data.size === 0) s.gate?.assertCanSendCookie(what);
  }

  #open(): void {
    if (this.#s.destroyed) throw new SessError(SessErrorCode.SESSION_CLOSED, "the session was destroyed");
    this.#s.gate?.assertOpen?.();
  }
}
