import type { CookieReader, VerifiedId } from "../cookies/cookie-reader.js";
import { signId } from "../cookies/signing.js";
import { cookieValue, cookieValues } from "../cookies/cookie-header.js";
import { SessError, SessErrorCode } from "../errors.js";
import type { ResolvedOptions } from "../manager/options.js";
import type { SetCookieWriter } from "../cookies/set-cookie.js";
import type { CookieGate } from "../session/session.js";
import type { RequestInfo } from "./request-info.js";


function ignore(): void {}

/** A response header as `[name, value]`, to be appended (several `set-cookie` may go out). */
export type ResponseHeader = [name: string, value: string];

/** What a binding reads of a session (any `Session<D>` has it). */
export interface BoundSession {
  readonly id: string;
  readonly destroyed: boolean;
  readonly destroyedHere: boolean;
  readonly sealedValue: string | undefined;
  readonly willBeStored: boolean;
  readonly persistent: boolean;
  readonly persistenceChanged: boolean;
  readonly expiryExtended: boolean;
  readonly dirty: boolean;
  /** Served while the store was down (`storeDown: "fresh"`): never stored. */
  readonly detached: boolean;
  /** The last release's write rejected. */
  readonly writeFailed: boolean;
  /** A detached session (storeDown: "fresh") that got data, which no release can store. */
  readonly unstorable: boolean;
  touchDue(now: number): boolean;
  nextExpiry(now: number): number;
  release(): Promise<boolean>;
}

/** @internal What a binding needs from its manager. */
export interface BindingHost<S> {
  readonly options: ResolvedOptions;
  readonly verified: CookieReader;
  readonly cookies: SetCookieWriter;
  /** True for a sealing provider: the cookie value is the sealed session, not a signed id. */
  readonly sealed: boolean;
  /** The live session the verified cookie names (or a fresh one), applying the `storeDown` policy. */
  open(verified: VerifiedId | undefined, gate: CookieGate): Promise<S>;
}

/**
 * One request's session under one manager, framework-neutral: the cookie (or id
 * header) value the request sent, the session it names, and the headers its
 * response needs. Adapters make one per request with `manager.bind(...)`, hand
 * out `await binding.session()`, and before the response goes out append what
 * `await binding.commit()` returns.
 */
export class SessionBinding<S extends BoundSession> implements CookieGate {
  readonly #host: BindingHost<S>;
  readonly #secure: boolean;
  /** The raw value the client sent, if any. */
  readonly #sent: string | undefined;
  readonly #sentInCookie: boolean;
  /** What that value carries when this server issued it: the id, and whether the current secret signed it. */
  readonly #verified: VerifiedId | undefined;
  #session: S | undefined;
  #loading: Promise<S> | undefined;
  /** A session this request destroyed: its cookie must be expired unless another replaces it. */
  #ended = false;
  #committed = false;
  /** The adapter's own last release has begun: a change after it would be silently dropped, so it throws. */
  #settled = false;
  /** A release through the binding failed: no cookie may name a record that may not exist. */
  #failed = false;
  /** Several cookies of the session's name were sent: one that fails to verify may belong to another app. */
  #sentSeveral = false;
  /** @internal Set by a middleware that saves this binding, so a second mount of it passes through. */
  mounted = false;
  readonly #headersSent: (() => boolean) | undefined;

  constructor(host: BindingHost<S>, info: RequestInfo) {
    this.#host = host;
    this.#headersSent = info.headersSent;
    const options = host.options;
    this.#secure = options.cookie.secure === "auto" ? info.secure : options.cookie.secure;
    let sent = cookieValue(info.cookie, options.cookieName);
    this.#sentInCookie = sent !== undefined;
    if (sent === undefined && options.idHeader !== undefined) sent = info.header?.(options.idHeader) ?? undefined;
    let verified = host.verified.verify(sent);
    if (verified === undefined && this.#sentInCookie) {
      // The first cookie of the name may be a sibling app's or a stale one with a longer
      // Path: the session is the value that verifies, wherever it stands.
      const values = cookieValues(info.cookie, options.cookieName);
      this.#sentSeveral = values.length > 1;
      for (let i = 1; i < values.length && verified === undefined; i++) {
        verified = host.verified.verify(values[i]);
        if (verified !== undefined) sent = values[i];
      }
    }
    this.#sent = sent;
    this.#verified = verified;
  }

  /** The session id the request carried, when it was well formed and correctly signed. */
  get sentId(): string | undefined {
    return this.#verified?.id;
  }

  /** The session handed out so far, if any. */
  get current(): S | undefined {
    return this.#session;
  }

  /**
   * This request's session: the one the cookie names when it is live, else a new
   * one. The same session on every call, until it is destroyed; after that a new,
   * empty one (the destroyed id is never loaded again).
   */
  session(): Promise<S> {
    const current = this.#session;
    if (current !== undefined && !current.destroyed) return Promise.resolve(current);
    if (this.#loading !== undefined) return this.#loading;
    if (current?.destroyedHere) this.#ended = true;
    const loading = this.#host.open(current === undefined ? this.#verified : undefined, this).then(
      (session) => {
        this.#session = session;
        this.#loading = undefined;
        return session;
      },
      (err: unknown) => {
        this.#loading = undefined;
        throw err;
      },
    );
    this.#loading = loading;
    return loading;
  }

  /** Releases the current session (see `Session.release`); true when none was started. */
  // Promise chains instead of async functions: this runs on every request, and each async
  // layer that returns a promise costs extra ticks.
  release(): Promise<boolean> {
    if (this.#loading !== undefined) return this.#loading.then(() => this.release());
    const session = this.#session;
    if (session === undefined) return Promise.resolve(true);
    return session.release().catch((err: unknown) => {
      this.#failed = true;
      throw err;
    });
  }

  /**
   * The adapter's last release, as its response goes out: afterwards a change to the
   * session throws `HEADERS_SENT` instead of being accepted and never stored.
   */
  settle(): Promise<boolean> {
    this.#settled = true;
    const released = this.release();
    return this.#session?.detached === true ? released.then((ok) => this.#storable(ok)) : released;
  }

  // With storeDown: "fresh" the session read during an outage is never stored: a change
  // made to it fails the request instead of answering as if it were saved.
  #storable(released: boolean): boolean {
    if (!released && this.#session?.unstorable === true) {
      this.#failed = true;
      throw new SessError(
        SessErrorCode.STORE_UNAVAILABLE,
        'the store was down when this request\'s session was read (storeDown: "fresh"), so the change made to it cannot be saved',
      );
    }
    return released;
  }

  /** Settles the session, then returns the headers the response needs (see `headers`). */
  async commit(): Promise<ResponseHeader[]> {
    await this.settle();
    return this.headers();
  }

  /** Whether the adapter's last release has begun (see `settle`). */
  get settled(): boolean {
    return this.#settled;
  }

  /** Whether the session holds a change not yet released (data, or a new session with data). */
  get pending(): boolean {
    return this.#session?.dirty === true;
  }

  /**
   * Called as the response headers are written: a sealed session's change is sealed
   * now (sealing is synchronous), so a response streamed before the adapter's release
   * still carries the cookie that holds it.
   */
  beforeHeaders(): void {
    const session = this.#session;
    if (!this.#host.sealed || session === undefined || !session.dirty) return;
    // A failed seal (TOO_LARGE) rejects again at the adapter's release, which fails the request.
    session.release().catch(ignore);
  }

  /**
   * The headers this response needs now: a `set-cookie` that issues, refreshes,
   * changes or expires the cookie, and the id header echo with `idFromHeader`.
   * After this call a change that needs a new cookie throws `HEADERS_SENT`.
   */
  headers(): ResponseHeader[] {
    this.#committed = true;
    const cookie = this.setCookie();
    const echo = this.#idEcho();
    if (cookie === undefined) return echo === undefined ? [] : [echo];
    return echo === undefined ? [["set-cookie", cookie]] : [["set-cookie", cookie], echo];
  }

  /** The Set-Cookie value the response needs now, or undefined when the client's cookie is right as it is. */
  setCookie(): string | undefined {
    const options = this.#host.options;
    const session = this.#session;
    const now = options.now();
    if (this.#failed || session?.writeFailed === true) return undefined;
    if (session === undefined || !session.willBeStored) {
      if (!this.#sentInCookie) return undefined;
      // Expire the cookie only when this request ended its session, or when the value is
      // not one this server issued: those cannot race. A valid id whose session is gone
      // (a request in flight while another logs in or out) gets nothing, or it would
      // delete the cookie a concurrent login just set.
      if (this.#ended || session?.destroyedHere === true || (this.#verified === undefined && !this.#sentSeveral)) {
        return this.#host.cookies.cookie("", 0, now, this.#secure);
      }
      return undefined;
    }
    const persistent = session.persistent;
    if (this.#host.sealed) {
      // The cookie is the session: it changes exactly when a release sealed it anew.
      const value = session.sealedValue;
      return value === undefined ? undefined : this.#host.cookies.cookie(value, persistent ? session.nextExpiry(now) - now : undefined, now, this.#secure);
    }
    const changedId = session.id !== this.#verified?.id;
    // A release usually runs before the headers, so "dirty" is already false by then:
    // expiryExtended says the store's expiry moved and the cookie must follow it.
    const refresh = persistent && (session.expiryExtended || session.touchDue(now) || session.dirty);
    // A value signed by an older secret is re-signed, so old secrets can be retired.
    const resign = !changedId && this.#verified?.current !== true;
    if (!changedId && !refresh && !resign && !session.persistenceChanged) return undefined;
    return this.#host.cookies.cookie(this.#valueFor(session.id, changedId), persistent ? session.nextExpiry(now) - now : undefined, now, this.#secure);
  }

  assertCanSendCookie(what: string): void {
    if (this.headersSent()) {
      throw new SessError(
        SessErrorCode.HEADERS_SENT,
        `${what}: the response headers were already sent, so the session cookie cannot be set; change the session before writing the response`,
      );
    }
  }

  assertOpen(): void {
    // A sealed session lives in its cookie: once the headers are out, no change reaches the client.
    if (this.#settled || (this.#host.sealed && this.headersSent())) {
      throw new SessError(
        SessErrorCode.HEADERS_SENT,
        "the response headers were sent, or the adapter already saved this session for its response, so this change could never be stored with its cookie; change the session before the response is sent",
      );
    }
  }

  /** Hands an error that has no caller to the manager's `onError`. */
  reportError(err: unknown): void {
    this.#host.options.onError(err);
  }

  /** Whether the response's headers are gone; adapters whose framework knows better override it. */
  protected headersSent(): boolean {
    return this.#committed || (this.#headersSent?.() ?? false);
  }

  // The id goes back in the header only to a client that keeps it there: one that sent it
  // in the header, or sent no session cookie. A page that has the HttpOnly cookie must not
  // be able to read the id from a same-origin fetch's response.
  #idEcho(): ResponseHeader | undefined {
    const name = this.#host.options.idHeader;
    if (name === undefined || this.#sentInCookie) return undefined;
    const session = this.#session;
    if (session === undefined || !session.willBeStored) return undefined;
    if (this.#host.sealed) return session.sealedValue === undefined ? undefined : [name, session.sealedValue];
    return [name, this.#valueFor(session.id, session.id !== this.#verified?.id)];
  }

  // The value the client sent is already signed by the current secret when the id is
  // unchanged: sending it back saves an HMAC.
  #valueFor(id: string, changedId: boolean): string {
    if (!changedId && this.#verified?.current === true && this.#sent !== undefined) return this.#sent;
    const options = this.#host.options;
    const value = signId(id, options.secrets);
    this.#host.verified.remember(value, id);
    return value;
  }
}
