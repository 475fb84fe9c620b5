import { type Manager, SessError, SessErrorCode } from "@sess/core";
import { isSealingProvider, signId, verifyId } from "@sess/core/provider";
import { copyInto, MOVED_FIELD } from "./copy-data.js";
import { legacyCookieValue, unsignLegacy } from "./legacy-cookie.js";
import { callStore, legacyExpired, type LegacySessionData } from "./legacy-store.js";
import { type ExpressSessionBridgeOptions, type ResolvedBridgeOptions, resolveBridgeOptions } from "./options.js";
import { sessSetCookie, withSessCookie } from "./sess-cookie.js";

/** What the bridge reads of a request: its Cookie header and whether it came over HTTPS. */
export interface BridgeRequest {
  cookie: string | null | undefined;
  secure: boolean;
}

/** What a request needs after the bridge ran: the Cookie header the sess binding must read, and Set-Cookie values to append. */
export interface BridgeOutcome {
  /** The Cookie header to hand the manager (the moved session's cookie first); undefined: leave the header as it is. */
  cookie: string | undefined;
  /** Set-Cookie values for the response, to append before the session's own. */
  setCookie: string[];
}

/** A legacy session moved into sess. */
interface Moved {
  value: string;
  expiresAt: number | undefined;
}

interface Flight {
  promise: Promise<Moved | null>;
  settledAt: number | undefined;
}

// Bounds the memory of recently moved legacy ids: a burst of logins cannot grow it without end.
const MAX_REMEMBERED = 10_000;
const NOTHING: BridgeOutcome = { cookie: undefined, setCookie: [] };

/**
 * Moves express-session sessions into a sess manager, one user at a time, on that user's
 * first request after the switch. Framework-neutral: `migrate` takes the Cookie header and
 * returns what the request and response need; the Express/node:http and Fastify entries
 * apply it before the manager's own adapter reads the request.
 */
export class ExpressSessionBridge {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bridge works for a manager of any data type
  readonly #manager: Manager<any>;
  readonly #options: ResolvedBridgeOptions;
  /** Legacy id -> its move, in flight or done within the join window. */
  readonly #flights = new Map<string, Flight>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  constructor(manager: Manager<any>, options: ExpressSessionBridgeOptions) {
    this.#options = resolveBridgeOptions(options);
    if (isSealingProvider(manager.provider)) {
      throw new SessError(SessErrorCode.UNSUPPORTED, "the bridge moves sessions into a store provider; a sealing provider keeps them in the cookie", { source: "express-session-bridge" });
    }
    this.#manager = manager;
  }

  /** Whether the manager trusts X-Forwarded-Proto (its `trustProxy`), for the Secure attribute of the cookie the bridge sends. */
  get trustProxy(): boolean {
    return this.#manager.options.trustProxy;
  }

  /** The legacy cookie's name. */
  get legacyName(): string {
    return this.#options.name;
  }

  /**
   * What this request needs, or undefined when it carries no legacy cookie (then nothing
   * was read and the legacy store was not called). Rejects with `STORE_UNAVAILABLE` when
   * the legacy store fails; an unsigned, forged or foreign legacy cookie is ignored.
   */
  migrate(request: BridgeRequest): Promise<BridgeOutcome> | undefined {
    const raw = legacyCookieValue(request.cookie, this.#options.name);
    return raw === undefined ? undefined : this.#migrate(request, raw);
  }

  async #migrate(request: BridgeRequest, raw: string): Promise<BridgeOutcome> {
    const options = this.#options;
    const legacyId = unsignLegacy(raw, options.secrets);
    if (legacyId === undefined) return NOTHING;
    const now = this.#manager.options.now();
    let flight = this.#recent(legacyId, now);
    if (flight === undefined) {
      // A client with a valid sess cookie went through the switch already: its legacy
      // cookie is a leftover (or, with keepLegacy, kept for a rollback), not a login to move.
      if (this.#hasSessCookie(request.cookie)) return options.keepLegacy ? NOTHING : { cookie: undefined, setCookie: [options.expireCookie] };
      flight = this.#start(legacyId);
    }
    const moved = await flight.promise;
    if (moved === null) return { cookie: undefined, setCookie: [options.expireCookie] };
    const manager = this.#manager;
    // A joiner's cookie expires with the moved session, not a full lifetime after the join.
    const at = manager.options.now();
    const cookie = sessSetCookie(manager.cookieName, moved.value, manager.options.cookie, request.secure, moved.expiresAt === undefined ? undefined : moved.expiresAt - at, at);
    return {
      cookie: withSessCookie(request.cookie, manager.cookieName, moved.value),
      setCookie: options.keepLegacy ? [cookie] : [options.expireCookie, cookie],
    };
  }

  #recent(legacyId: string, now: number): Flight | undefined {
    const flight = this.#flights.get(legacyId);
    if (flight?.settledAt !== undefined && now - flight.settledAt > this.#options.joinMs) {
      this.#flights.delete(legacyId);
      return undefined;
    }
    return flight;
  }

  // Single flight per legacy id: the page and its XHRs, arriving together with one legacy
  // cookie, end in one sess session. A failed move is forgotten at once, so the next
  // request retries it.
  #start(legacyId: string): Flight {
    const flight: Flight = { promise: this.#move(legacyId), settledAt: undefined };
    if (this.#flights.size >= MAX_REMEMBERED) this.#flights.delete(this.#flights.keys().next().value!);
    this.#flights.set(legacyId, flight);
    flight.promise.then(
      () => {
        flight.settledAt = this.#manager.options.now();
      },
      () => {
        if (this.#flights.get(legacyId) === flight) this.#flights.delete(legacyId);
      },
    );
    return flight;
  }

  async #move(legacyId: string): Promise<Moved | null> {
    const options = this.#options;
    const { store, timeoutMs } = options;
    const manager = this.#manager;
    const legacy = await callStore<LegacySessionData | null>("get", timeoutMs, (done) => store.get(legacyId, done));
    // Absent: expired and collected, or moved by another process (or before a restart).
    if (legacy == null || typeof legacy !== "object" || legacy[MOVED_FIELD] !== undefined) return null;
    if (legacyExpired(legacy, manager.options.now())) {
      if (!options.keepLegacy) await this.#destroyLegacy(legacyId);
      return null;
    }
    const session = manager.create();
    copyInto(session, legacy, options, manager.options.onError);
    // Nothing to carry over (an anonymous session): no sess session is stored or sent.
    if (!session.dirty) return null;
    await session.release();
    const now = manager.options.now();
    const moved = { value: signId(session.id, manager.options.secrets), expiresAt: session.persistent ? session.nextExpiry(now) : undefined };
    // The legacy record goes only once the new session is stored: a failure above leaves the
    // user's legacy login in place for the next request to retry.
    if (options.keepLegacy) await this.#markLegacy(legacyId, legacy, now);
    else await this.#destroyLegacy(legacyId);
    return moved;
  }

  // The session has moved whatever happens here: a failure is reported, not thrown, and the
  // record ends when the legacy store expires it.
  async #destroyLegacy(legacyId: string): Promise<void> {
    const { store, timeoutMs } = this.#options;
    await callStore("destroy", timeoutMs, (done) => store.destroy(legacyId, done)).catch(this.#manager.options.onError);
  }

  async #markLegacy(legacyId: string, legacy: LegacySessionData, now: number): Promise<void> {
    const { store, timeoutMs } = this.#options;
    await callStore("set", timeoutMs, (done) => store.set!(legacyId, { ...legacy, [MOVED_FIELD]: now }, done)).catch(this.#manager.options.onError);
  }

  #hasSessCookie(header: string | null | undefined): boolean {
    const manager = this.#manager;
    return verifyId(legacyCookieValue(header, manager.cookieName), manager.options.secrets) !== undefined;
  }
}

/** A bridge from express-session's store to `manager`; see `ExpressSessionBridgeOptions`. Throws `INVALID_CONFIG` for a wrong option. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a manager of any data type
export function expressSessionBridge(manager: Manager<any>, options: ExpressSessionBridgeOptions): ExpressSessionBridge {
  return new ExpressSessionBridge(manager, options);
}
