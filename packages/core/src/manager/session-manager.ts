import { isSessionId, newSessionId, storageKeyOf } from "../cookies/ids.js";
import type { VerifiedId } from "../cookies/cookie-reader.js";
import { SessError, SessErrorCode, isSessError } from "../errors.js";
import { isExpired } from "../session/expiry.js";
import type { DefaultSessionData } from "../session/session-data.js";
import { type CookieGate, Session, type SessionContext } from "../session/session.js";
import { handleOf, type SessionInfo } from "../session/subject.js";
import type { Provider } from "../spi/contract.js";
import { type SealingProvider, isSealingProvider } from "../spi/sealing.js";
import type { ResolvedOptions } from "./options.js";
import { InstrumentedStore, type TelemetryHooks, hooksFor } from "./telemetry.js";
import { type RevokeOptions, SubjectSessions } from "./subject-sessions.js";

/**
 * Owns sessions for one cookie name on one provider, without HTTP: loading and
 * creating sessions, per-user sessions, GC and the provider's lifecycle. `D`
 * types the session data. The HTTP entry points (`bind`, `start`) are added by
 * `Manager`, in the HTTP layer, so nothing here knows a framework.
 */
export class SessionManager<D extends object = DefaultSessionData> {
  readonly #provider: Provider | SealingProvider;
  /** The store provider; undefined when sessions are sealed in the cookie. */
  readonly #store: Provider | undefined;
  readonly #sealer: SealingProvider | undefined;
  readonly #options: ResolvedOptions;
  readonly #subjects: SubjectSessions;
  readonly #hooks: TelemetryHooks | undefined;
  #ctx: SessionContext | undefined;
  #stopGC: (() => void) | undefined;
  #closed = false;

  /** @internal Use `newManager` or `createManager`. */
  constructor(provider: Provider | SealingProvider, options: ResolvedOptions) {
    this.#provider = provider;
    this.#sealer = isSealingProvider(provider) ? provider : undefined;
    this.#hooks = hooksFor(options.telemetry, provider, this.#sealer !== undefined);
    // Wrapped once here, so every store call is observed without telemetry in the session code.
    this.#store = isSealingProvider(provider) ? undefined : this.#hooks ? new InstrumentedStore(provider, this.#hooks) : provider;
    this.#options = options;
    this.#subjects = new SubjectSessions(provider, this.#store, options);
  }

  /** The provider this manager stores sessions in (a store, or a sealing provider that keeps them in the cookie). */
  get provider(): Provider | SealingProvider {
    return this.#provider;
  }

  /** The cookie name. */
  get cookieName(): string {
    return this.#options.cookieName;
  }

  /** @internal This manager's telemetry hooks, when the `telemetry` option is set. */
  get telemetryHooks(): TelemetryHooks | undefined {
    return this.#hooks;
  }

  /** @internal The resolved options, for adapters. */
  get options(): ResolvedOptions {
    return this.#options;
  }

  /** The live session with this id, or null (without HTTP). */
  async load(id: string): Promise<Session<D> | null> {
    this.assertOpen();
    if (this.#sealer) throw this.#unsupported("load(id)", "a sealed session lives only in its cookie");
    return isSessionId(id) ? this.#load(id, undefined) : null;
  }

  /** A new session, stored at its first release with data (without HTTP). */
  create(): Session<D> {
    this.assertOpen();
    return new Session<D>(this.#context(), newSessionId(), undefined, null);
  }

  async #load(id: string, gate: CookieGate | undefined): Promise<Session<D> | null> {
    const key = storageKeyOf(id);
    const store = this.#store!;
    const stored = await store.read(key);
    if (!stored) return null;
    if (isExpired(this.#options, stored, this.#options.now())) {
      await (store instanceof InstrumentedStore ? store.expire(key, gate !== undefined) : store.destroy(key));
      return null;
    }
    return new Session<D>(this.#context(), id, key, stored, gate);
  }

  /**
   * @internal The session a request's verified cookie names, or a fresh one, applying the
   * `storeDown` policy (`verified` undefined: nothing valid, or destroyed in this request).
   */
  async openSession(verified: VerifiedId | undefined, gate: CookieGate): Promise<Session<D>> {
    this.assertOpen();
    if (this.#sealer) {
      const sealed = verified?.session;
      if (sealed !== undefined && !isExpired(this.#options, sealed, this.#options.now())) {
        return new Session<D>(this.#context(), sealed.id, undefined, sealed, gate, false, !verified!.current);
      }
      if (sealed !== undefined && this.#hooks) {
        this.#hooks.session("expired", 1);
        this.#hooks.cookieRejected("expired");
      }
      return this.#fresh(gate);
    }
    const id = verified?.id;
    if (id !== undefined) {
      try {
        const loaded = await this.#load(id, gate);
        if (loaded) return loaded;
      } catch (err) {
        if (!isSessError(err, SessErrorCode.STORE_UNAVAILABLE)) throw err;
        this.#options.onError(err);
        if (this.#options.storeDown === "fail") throw err;
        this.#hooks?.storeDownFresh();
        return this.#fresh(gate, true);
      }
    }
    return this.#fresh(gate);
  }

  /** A new session under a new id (`detached`: served while the store is down, never stored). */
  #fresh(gate: CookieGate, detached = false): Session<D> {
    return new Session<D>(this.#context(), newSessionId(), undefined, null, gate, detached);
  }

  /** The number of live sessions (beego's SessionAll). */
  // async so that use after close() rejects like any other failure instead of throwing synchronously.
  async count(): Promise<number> {
    this.assertOpen();
    if (!this.#store) throw this.#unsupported("count()", "sealed sessions are stored nowhere to be counted");
    return this.#store.count();
  }

  /** A subject's live sessions (see `session.setSubject`), oldest first; rejects `UNSUPPORTED` without a subject index. */
  async listSessions(subject: string): Promise<SessionInfo[]> {
    this.assertOpen();
    return this.#subjects.list(subject);
  }

  /** How many live sessions `subject` has; rejects `UNSUPPORTED` without a subject index. */
  async countSessions(subject: string): Promise<number> {
    this.assertOpen();
    return this.#subjects.count(subject);
  }

  /** Ends the session with this handle (from `listSessions`) if it belongs to `subject`; resolves whether one ended. */
  async revokeSession(subject: string, handle: string): Promise<boolean> {
    this.assertOpen();
    return this.#subjects.revoke(subject, handle);
  }

  /** Ends every session of `subject` ("log out everywhere"), except `options.except` if given; resolves how many ended. */
  async revokeSessions(subject: string, options?: RevokeOptions): Promise<number> {
    this.assertOpen();
    return this.#subjects.revokeAll(subject, options);
  }

  /** The handle `listSessions` shows for `session`, so a page can mark the current one. */
  sessionHandle(session: { readonly storageKey: string }): string {
    return handleOf(session.storageKey);
  }

  /** One garbage-collection pass; resolves with the number of sessions removed. */
  async gc(): Promise<number> {
    this.assertOpen();
    return this.#store?.gc ? this.#store.gc() : 0;
  }

  /** Runs `gc()` every `intervalSeconds` (default: the gcInterval option) on an unref'd timer; returns a stop function. */
  startGC(intervalSeconds?: number): () => void {
    this.assertOpen();
    const ms = intervalSeconds === undefined ? this.#options.gcIntervalMs : intervalSeconds * 1000;
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new SessError(SessErrorCode.INVALID_CONFIG, `startGC: the interval must be a positive number of seconds, got ${String(intervalSeconds)}`);
    }
    this.#stopGC?.();
    let running = false;
    const timer = setInterval(() => {
      if (running) return; // a slow pass is never overlapped by the next
      running = true;
      (this.#store?.gc?.() ?? Promise.resolve(0)).then(
        () => (running = false),
        (err: unknown) => {
          running = false;
          this.#options.onError(err);
        },
      );
    }, ms);
    timer.unref();
    const stop = () => {
      clearInterval(timer);
      if (this.#stopGC === stop) this.#stopGC = undefined;
    };
    this.#stopGC = stop;
    return stop;
  }

  /** Stops GC and closes the provider; the manager cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopGC?.();
    await this.#provider.close();
  }

  /** @internal Throws `CLOSED` once the manager is closed. */
  protected assertOpen(): void {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the manager is closed");
  }

  #context(): SessionContext {
    return (this.#ctx ??= { provider: this.#store, options: this.#options, sealer: this.#sealer });
  }

  #unsupported(what: string, why: string): SessError {
    return new SessError(SessErrorCode.UNSUPPORTED, `${what} is not supported by the "${this.#provider.name}" provider: ${why}`);
  }
}
