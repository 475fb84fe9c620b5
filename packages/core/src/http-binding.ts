import type { IncomingMessage, ServerResponse } from "node:http";
import { unsignId, signId } from "./cookie-value.js";
import { SessError, SessErrorCode } from "./errors.js";
import { appendSetCookie, readIdValue, sessionCookie } from "./http-cookie.js";
import type { ResolvedOptions } from "./options.js";
import type { CookieGate, Session, SessionRecord } from "./session.js";

/**
 * Ties a request's session to its response: reads the id the client sent and,
 * when the response headers are written, adds the Set-Cookie the session needs
 * (issue, refresh, change or expire). One binding per request.
 */
export class HttpBinding implements CookieGate {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly #options: ResolvedOptions;
  /** The raw cookie (or header) value the client sent, if any. */
  readonly #sent: string | undefined;
  /** The id that value carries, when valid. */
  readonly sentId: string | undefined;
  /** The session the response speaks for. */
  session: Session<SessionRecord> | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, options: ResolvedOptions) {
    this.req = req;
    this.res = res;
    this.#options = options;
    this.#sent = readIdValue(req, options);
    this.sentId = unsignId(this.#sent, options.secrets);
    this.#hookHeaders();
  }

  assertCanSendCookie(what: string): void {
    if (this.res.headersSent) {
      throw new SessError(
        SessErrorCode.HEADERS_SENT,
        `${what}: the response headers were already sent, so the session cookie cannot be set; change the session before writing the response`,
      );
    }
  }

  // writeHead is where every response's headers pass (write/end call it implicitly),
  // so wrapping it catches the last moment a cookie can still be added.
  #hookHeaders(): void {
    const res = this.res;
    const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      if (!res.headersSent) {
        try {
          this.#addCookie();
        } catch (err) {
          this.#options.onError(err);
        }
      }
      return writeHead(...args);
    });
  }

  #addCookie(): void {
    const session = this.session;
    const now = this.#options.now();
    if (!session || !session.willBeStored) {
      // No live session: clear a cookie that names nothing, so the browser stops sending it.
      if (this.#sent !== undefined) this.#set("", 0, now);
      return;
    }
    const value = signId(session.id, this.#options.secrets);
    // A header client has nowhere to keep the id but what each response says, so every
    // response of a live session carries it (beego's EnableSidInHTTPHeader does the same).
    if (this.#options.idHeader) this.res.setHeader(this.#options.idHeader, value);
    const changedId = session.id !== this.sentId;
    const persistent = session.persistent;
    // A release usually runs before the headers are written, so "dirty" is already false
    // by then: expiryExtended says the store's expiry moved and the cookie must follow it.
    const refresh = persistent && (session.dirty || session.touchDue(now) || session.expiryExtended);
    if (!changedId && !refresh && !session.persistenceChanged) return;
    this.#set(value, persistent ? session.nextExpiry(now) - now : undefined, now);
  }

  #set(value: string, maxAgeMs: number | undefined, now: number): void {
    appendSetCookie(this.res, sessionCookie(this.req, this.#options, value, maxAgeMs, now));
  }
}
