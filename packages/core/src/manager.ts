import type { IncomingMessage, ServerResponse } from "node:http";
import { type BindingHost, type RequestInfo, SessionBinding } from "./binding.js";
import type { VerifiedId } from "./cookie-value.js";
import { SealedReader, VerifiedCache } from "./cookie-value.js";
import { SessError, SessErrorCode, isSessError } from "./errors.js";
import { isSessionId, newSessionId, storageKeyOf } from "./ids.js";
import { type NodeBinding, nodeBindingFor } from "./node-http.js";
import { type ManagerOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { checkProvider } from "./provider-check.js";
import type { Provider } from "./provider.js";
import { lookupProvider } from "./registry.js";
import { type SealingProvider, checkSealingProvider, isSealingProvider } from "./sealing-provider.js";
import type { DefaultSessionData } from "./session-data.js";
import { type CookieGate, Session, type SessionContext } from "./session.js";
import { SetCookieWriter } from "./set-cookie.js";
import { handleOf, type SessionInfo } from "./subject.js";
import { type RevokeOptions, SubjectSessions } from "./subject-sessions.js";

/** `createManager`'s single argument: the seed's four parameters plus options. */
export interface CreateManagerOptions extends ManagerOptions {
  /** A registered provider name ("redis"), or a ready provider instance (no registry, no import side effects). */
  provider: string | Provider | SealingProvider;
  /** Name of the session cookie (default "sid"). */
  cookieName?: string;
  /** Idle lifetime in seconds. */
  maxLifetime: number;
  /** Passed to the provider's factory: a string ("127.0.0.1:6379,100,secret", a DSN, a directory) or an object. */
  providerConfig?: unknown;
}

/**
 * Owns sessions for one cookie name on one provider: ids, cookies, expiry and
 * the provider's lifecycle. `D` types the session data (default: the
 * application's declared `SessionData`).
 */
export class Manager<D extends object = DefaultSessionData> {
  readonly #provider: Provider | SealingProvider;
  /** The store provider; undefined when sessions are sealed in the cookie. */
  readonly #store: Provider | undefined;
  readonly #sealer: SealingProvider | undefined;
  readonly #options: ResolvedOptions;
  readonly #host: BindingHost<Session<D>>;
  readonly #subjects: SubjectSessions;
  #ctx: SessionContext | undefined;
  #stopGC: (() => void) | undefined;
  #closed = false;

  /** @internal Use `newManager` or `createManager`. */
  constructor(provider: Provider | SealingProvider, options: ResolvedOptions) {
    this.#provider = provider;
    this.#sealer = isSealingProvider(provider) ? provider : undefined;
    this.#store = isSealingProvider(provider) ? undefined : provider;
    this.#options = options;
    this.#subjects = new SubjectSessions(provider, this.#store, options);
    this.#host = {
      options,
      verified: this.#sealer ? new SealedReader(this.#sealer, options.onError) : new VerifiedCache(options.secrets),
      cookies: new SetCookieWriter(options),
      sealed: this.#sealer !== undefined,
      open: (verified, gate) => this.#openSession(verified, gate),
    };
  }

  /** The provider this manager stores sessions in (a store, or a sealing provider that keeps them in the cookie). */
  get provider(): Provider | SealingProvider {
    return this.#provider;
  }

  /** The cookie name. */
  get cookieName(): string {
    return this.#options.cookieName;
  }

  /** @internal The resolved options, for adapters. */
  get options(): ResolvedOptions {
    return this.#options;
  }

  /**
   * The framework-neutral entry: a binding of this manager to one request, made
   * from its Cookie header and whether it is secure. `await binding.session()`
   * gives the session; `await binding.commit()` releases it and returns the
   * headers the response must carry. Framework adapters are built on it.
   */
  bind(request: RequestInfo): SessionBinding<Session<D>> {
    this.#open();
    return new SessionBinding(this.#host, request);
  }

  /**
   * The session for this request: a valid cookie naming a live session loads it;
   * anything else (no cookie, unknown, expired, malformed, forged) gets a new
   * session with a new id. Calling it twice for one request returns the same session.
   * The Set-Cookie header is added when the response headers are written.
   */
  start(req: IncomingMessage, res: ServerResponse): Promise<Session<D>> {
    return this.nodeBinding(req, res).session();
  }

  /** @internal This manager's binding for a Node request, made on first use. */
  nodeBinding(req: IncomingMessage, res: ServerResponse): NodeBinding<Session<D>> {
    this.#open();
    return nodeBindingFor(this.#host, req, res);
  }

  /** Removes this request's session from the store and expires its cookie. */
  async destroy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = await this.start(req, res);
    await session.destroy();
  }

  /** Gives this request's session a new id, keeping its data (call on login and privilege change). */
  async regenerate(req: IncomingMessage, res: ServerResponse): Promise<Session<D>> {
    const session = await this.start(req, res);
    await session.regenerate();
    return session;
  }

  /** The live session with this id, or null (without HTTP). */
  async load(id: string): Promise<Session<D> | null> {
    this.#open();
    if (this.#sealer) throw this.#unsupported("load(id)", "a sealed session lives only in its cookie");
    return isSessionId(id) ? this.#load(id, undefined) : null;
  }

  /** A new session, stored at its first release with data (without HTTP). */
  create(): Session<D> {
    this.#open();
    return new Session<D>(this.#context(), newSessionId(), undefined, null);
  }

  async #load(id: string, gate: CookieGate | undefined): Promise<Session<D> | null> {
    const key = storageKeyOf(id);
    const store = this.#store!;
    const stored = await store.read(key);
    if (!stored) return null;
    if (this.#expired(stored)) {
      await store.destroy(key);
      return null;
    }
    return new Session<D>(this.#context(), id, key, stored, gate);
  }

  #expired(record: { createdAt: number; expiresAt: number }): boolean {
    const { absoluteMs, now } = this.#options;
    const at = now();
    return record.expiresAt <= at || (absoluteMs !== undefined && record.createdAt + absoluteMs <= at);
  }

  // `verified` is what the request's cookie carried (undefined: nothing valid, or destroyed in this request).
  async #openSession(verified: VerifiedId | undefined, gate: CookieGate): Promise<Session<D>> {
    this.#open();
    if (this.#sealer) {
      const sealed = verified?.session;
      if (sealed !== undefined && !this.#expired(sealed)) return new Session<D>(this.#context(), sealed.id, undefined, sealed, gate, false, !verified!.current);
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
    this.#open();
    if (!this.#store) throw this.#unsupported("count()", "sealed sessions are stored nowhere to be counted");
    return this.#store.count();
  }

  /** A subject's live sessions (see `session.setSubject`), oldest first; rejects `UNSUPPORTED` without a subject index. */
  async listSessions(subject: string): Promise<SessionInfo[]> {
    this.#open();
    return this.#subjects.list(subject);
  }

  /** How many live sessions `subject` has; rejects `UNSUPPORTED` without a subject index. */
  async countSessions(subject: string): Promise<number> {
    this.#open();
    return this.#subjects.count(subject);
  }

  /** Ends the session with this handle (from `listSessions`) if it belongs to `subject`; resolves whether one ended. */
  async revokeSession(subject: string, handle: string): Promise<boolean> {
    this.#open();
    return this.#subjects.revoke(subject, handle);
  }

  /** Ends every session of `subject` ("log out everywhere"), except `options.except` if given; resolves how many ended. */
  async revokeSessions(subject: string, options?: RevokeOptions): Promise<number> {
    this.#open();
    return this.#subjects.revokeAll(subject, options);
  }

  /** The handle `listSessions` shows for `session`, so a page can mark the current one. */
  sessionHandle(session: { readonly storageKey: string }): string {
    return handleOf(session.storageKey);
  }

  /** One garbage-collection pass; resolves with the number of sessions removed. */
  async gc(): Promise<number> {
    this.#open();
    return this.#store?.gc ? this.#store.gc() : 0;
  }

  /** Runs `gc()` every `intervalSeconds` (default: the gcInterval option) on an unref'd timer; returns a stop function. */
  startGC(intervalSeconds?: number): () => void {
    this.#open();
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

  #context(): SessionContext {
    return (this.#ctx ??= { provider: this.#store, options: this.#options, sealer: this.#sealer });
  }

  #unsupported(what: string, why: string): SessError {
    return new SessError(SessErrorCode.UNSUPPORTED, `${what} is not supported by the "${this.#provider.name}" provider: ${why}`);
  }

  #open(): void {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the manager is closed");
  }
}

/** Opens a manager: `provider` is a registered name or a ready instance. Rejects on a bad config or an unreachable backend. */
export async function createManager<D extends object = DefaultSessionData>(options: CreateManagerOptions): Promise<Manager<D>> {
  const { provider, cookieName = "sid", maxLifetime, providerConfig, ...rest } = options;
  const resolved = resolveOptions(cookieName, maxLifetime, rest);
  let instance: Provider | SealingProvider;
  if (typeof provider === "string") {
    const factory = lookupProvider(provider);
    instance = await factory({ maxLifetime, config: providerConfig, now: resolved.now });
    if (isSealingProvider(instance)) checkSealingProvider(instance, provider);
    else checkProvider(instance, provider);
  } else if (isSealingProvider(provider)) {
    checkSealingProvider(provider, "instance");
    instance = provider;
  } else {
    checkProvider(provider, "instance");
    instance = provider;
  }
  return new Manager<D>(instance, resolved);
}

/** The seed's signature: `newManager("redis", "gosessionid", 3600, "127.0.0.1:6379,100,secret")`. */
export function newManager<D extends object = DefaultSessionData>(
  providerName: string,
  cookieName: string,
  maxLifetime: number,
  providerConfig?: unknown,
  options: ManagerOptions = {},
): Promise<Manager<D>> {
  return createManager<D>({ ...options, provider: providerName, cookieName, maxLifetime, providerConfig });
}
