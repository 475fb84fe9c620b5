import type { IncomingMessage, ServerResponse } from "node:http";
import { SealedReader } from "../cookies/sealed-reader.js";
import { SetCookieWriter } from "../cookies/set-cookie.js";
import { VerifiedCache } from "../cookies/verified-cache.js";
import { type CreateManagerOptions, openProvider } from "../manager/open-provider.js";
import type { ManagerOptions, ResolvedOptions } from "../manager/options.js";
import { SessionManager } from "../manager/session-manager.js";
import { reportRejections } from "../manager/telemetry.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";
import type { Provider } from "../spi/contract.js";
import { type SealingProvider, isSealingProvider } from "../spi/sealing.js";
import { type BindingHost, SessionBinding } from "./binding.js";
import type { RequestInfo } from "./request-info.js";
import { type NodeBinding, nodeBindingFor } from "./node-http.js";

export type { CreateManagerOptions } from "../manager/open-provider.js";

/**
 * The manager applications hold: a `SessionManager` (sessions without HTTP) plus
 * its entry points for requests, the framework-neutral `bind(info)` that every
 * adapter builds on and node:http's `start(req, res)`.
 */
export class Manager<D extends object = DefaultSessionData> extends SessionManager<D> {
  readonly #host: BindingHost<Session<D>>;

  /** @internal Use `newManager` or `createManager`. */
  constructor(provider: Provider | SealingProvider, options: ResolvedOptions) {
    super(provider, options);
    const sealer = isSealingProvider(provider) ? provider : undefined;
    this.#host = {
      options,
      verified: reportRejections(sealer ? new SealedReader(sealer, options.onError) : new VerifiedCache(options.secrets), this.telemetryHooks, sealer, options.secrets.length > 0),
      cookies: new SetCookieWriter(options.cookieName, options.cookie),
      sealed: sealer !== undefined,
      open: (verified, gate) => this.openSession(verified, gate),
    };
  }

  /**
   * The framework-neutral entry: a binding of this manager to one request, made
   * from its Cookie header and whether it is secure. `await binding.session()`
   * gives the session; `await binding.commit()` releases it and returns the
   * headers the response must carry. Framework adapters are built on it.
   */
  bind(request: RequestInfo): SessionBinding<Session<D>> {
    this.assertOpen();
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

  /**
   * @internal This manager's binding for a Node request, made on first use, so an adapter's
   * session and `start(req, res)` are one. `secure`: the framework's view of the request.
   */
  nodeBinding(req: IncomingMessage, res: ServerResponse, secure?: boolean): NodeBinding<Session<D>> {
    this.assertOpen();
    return nodeBindingFor(this.#host, req, res, secure);
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
}

/** Opens a manager: `provider` is a registered name or a ready instance. Rejects on a bad config or an unreachable backend. */
export async function createManager<D extends object = DefaultSessionData>(options: CreateManagerOptions): Promise<Manager<D>> {
  const { instance, resolved } = await openProvider(options);
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
