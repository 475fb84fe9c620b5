import { newSessionId, storageKeyOf } from "../cookies/ids.js";
import { SessError, SessErrorCode } from "../errors.js";
import type { Provider, StoredSession } from "../spi/contract.js";
import type { SealingProvider } from "../spi/sealing.js";
import { checkCookieRoom } from "./cookie-room.js";
import { nextExpiry, touchDue, writeExpiry } from "./expiry.js";
import type { SessionPolicy } from "./policy.js";
import { type PendingChange, SessionValues } from "./session-values.js";
import { SUBJECT_META_KEY } from "./subject.js";

/** What the HTTP layer tells a session about its response. */
export interface CookieGate {
  /** Throws `HEADERS_SENT` when the cookie for this session can no longer be sent. */
  assertCanSendCookie(what: string): void;
  /** Throws `HEADERS_SENT` when the adapter already saved the session, so a change would be dropped. */
  assertOpen?(): void;
}

/** What a Session needs from its Manager. */
export interface SessionContext {
  /** The store provider; undefined with a sealing provider. */
  provider: Provider | undefined;
  options: SessionPolicy;
  /** Set for a client-side provider: release seals the session into the cookie instead of writing a store. */
  sealer?: SealingProvider | undefined;
}

/**
 * A session's lifecycle against its provider: what is stored, its expiry, and the
 * operations that reach the store (release, regenerate, destroy), run one at a time.
 * `Session` is the application's view over it.
 */
export class SessionState {
  readonly ctx: SessionContext;
  data: SessionValues;
  id: string;
  /** The storage key, computed on first need: a new session that is never stored costs no SHA-256. */
  key: string | undefined;
  stored: boolean;
  createdAt: number;
  expiresAt: number | undefined;
  destroyed = false;
  destroyedHere = false;
  readonly detached: boolean;
  /** The last write rejected: the HTTP layer then sends no cookie naming a record that may not exist. */
  writeFailed = false;
  /** Whether a release in this request moved the stored expiry (a write or a touch): the cookie must follow. */
  extended = false;
  gate: CookieGate | undefined;
  /** Sealing providers: the cookie value the last release sealed, and whether the next release must seal even unchanged data. */
  sealed: string | undefined;
  reseal: boolean;
  /** The subject as this request sees it, and the change to it the next release must store (undefined: none). */
  subject: string | undefined;
  subjectChange: string | null | undefined;
  #queue: Promise<unknown> | undefined;

  constructor(ctx: SessionContext, id: string, key: string | undefined, stored: StoredSession | null, gate: CookieGate | undefined, detached: boolean, reseal: boolean) {
    this.ctx = ctx;
    this.id = id;
    this.key = key;
    this.stored = stored !== null;
    this.createdAt = stored?.createdAt ?? ctx.options.now();
    this.expiresAt = stored?.expiresAt;
    this.subject = stored?.subject;
    this.gate = gate;
    this.detached = detached;
    this.reseal = reseal;
    this.data = new SessionValues(ctx.options.codec, stored?.data, ctx.options.onError);
  }

  get storageKey(): string {
    return (this.key ??= storageKeyOf(this.id));
  }

  nextExpiry(now: number): number {
    return nextExpiry(this.ctx.options, this, now);
  }

  touchDue(now: number): boolean {
    return touchDue(this.ctx.options, this, now);
  }

  release(): Promise<boolean> {
    return this.#serial(() => this.#release());
  }

  regenerate(): Promise<void> {
    return this.#serial(async () => {
      const id = newSessionId();
      if (this.ctx.sealer !== undefined) {
        // Stateless: the old cookie value still opens until it expires (see the cookie provider's README).
        this.id = id;
        this.key = undefined;
        this.reseal = true;
        return;
      }
      const key = storageKeyOf(id);
      if (this.stored && !this.detached && !(await this.ctx.provider!.regenerate(this.storageKey, key))) {
        // A bind made before this regenerate (setSubject, then regenerate at login) is the login itself: it
        // carries over to the fresh session, or the user would be logged in where listSessions cannot see it.
        const bind = typeof this.subjectChange === "string" ? this.subjectChange : undefined;
        const meta = bind === undefined ? undefined : this.data.get(SUBJECT_META_KEY);
        this.stored = false;
        this.expiresAt = undefined;
        this.createdAt = this.ctx.options.now();
        this.data = new SessionValues(this.ctx.options.codec, undefined, this.ctx.options.onError);
        if (meta !== undefined) this.data.set(SUBJECT_META_KEY, meta);
        this.subject = bind;
        this.subjectChange = bind;
      }
      this.id = id;
      this.key = key;
    });
  }

  destroy(): Promise<void> {
    return this.#serial(async () => {
      if (this.destroyed) return;
      if (this.stored && !this.detached && this.ctx.sealer === undefined) await this.ctx.provider!.destroy(this.storageKey);
      this.destroyed = true;
      this.destroyedHere = true;
      this.stored = false;
    });
  }

  async #release(): Promise<boolean> {
    if (this.destroyed || this.detached) return false;
    const { provider, options, sealer } = this.ctx;
    const now = options.now();
    if (sealer !== undefined) return this.#seal(sealer, now);
    const store = provider!;
    if (!this.stored) {
      if (this.data.size === 0) return true; // lazy: an empty new session is never stored
    } else if (!this.data.hasChanges()) {
      if (!this.touchDue(now)) return true;
      const expiresAt = this.nextExpiry(now);
      if (await store.touch(this.storageKey, expiresAt)) {
        this.expiresAt = expiresAt;
        this.extended = true;
      } else this.#gone();
      return !this.destroyed;
    }
    const change = this.#takeWithinMaxSize();
    const isNew = !this.stored;
    const expiresAt = writeExpiry(options, this, now);
    const subject = this.subjectChange;
    let written: boolean;
    try {
      written = await store.write(this.storageKey, { clear: change.clear, set: change.set, deleted: change.deleted, isNew, createdAt: this.createdAt, subject }, expiresAt);
    } catch (err) {
      this.data.restore(change);
      this.writeFailed = true;
      throw err;
    }
    this.writeFailed = false;
    if (!written) {
      this.#gone();
      return false;
    }
    // A setSubject made while this write was in flight stays pending for the next release.
    if (this.subjectChange === subject) this.subjectChange = undefined;
    this.stored = true;
    if (expiresAt !== this.expiresAt) this.extended = true;
    this.expiresAt = expiresAt;
    return true;
  }

  // take() before measuring: it catches objects changed in place, which the size must count.
  #takeWithinMaxSize(): PendingChange {
    const change = this.data.take();
    const { maxSize } = this.ctx.options;
    if (!this.data.fits(maxSize)) {
      const size = this.data.utf8Size();
      this.data.restore(change);
      throw new SessError(SessErrorCode.TOO_LARGE, `session data is ${size} bytes, larger than maxSize (${maxSize})`);
    }
    return change;
  }

  // A client-side session is "written" by sealing all of it into the next cookie.
  #seal(sealer: SealingProvider, now: number): boolean {
    const changed = this.stored ? this.data.hasChanges() : this.data.size > 0;
    if (!changed && !this.reseal && !this.touchDue(now)) return true;
    // The cookie is the only copy of a sealed session: a change no Set-Cookie can carry any more is refused, not lost.
    if (changed) this.gate?.assertCanSendCookie("release");
    const change = this.#takeWithinMaxSize();
    const expiresAt = this.nextExpiry(now);
    try {
      const sealed = sealer.seal({ id: this.id, data: this.data.snapshot(), createdAt: this.createdAt, expiresAt });
      checkCookieRoom(sealed, this.ctx.options, sealer.name);
      this.sealed = sealed;
    } catch (err) {
      this.data.restore(change);
      throw err;
    }
    this.stored = true;
    this.expiresAt = expiresAt;
    this.extended = true;
    this.reseal = false;
    return true;
  }

  #gone(): void {
    this.destroyed = true;
    this.stored = false;
  }

  // Operations on one session run one after another; an idle session runs the
  // work at once, so a request's single release costs no extra promise hop.
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue === undefined ? work() : this.#queue.then(work, work);
    // The queue empties when its last operation settles, so a later seal runs at once
    // (the HTTP layer seals in the writeHead hook, where nothing may wait).
    const tail: Promise<void> = next.then(
      () => this.#idle(tail),
      () => this.#idle(tail),
    );
    this.#queue = tail;
    return next;
  }

  #idle(tail: Promise<void>): void {
    if (this.#queue === tail) this.#queue = undefined;
  }
}
