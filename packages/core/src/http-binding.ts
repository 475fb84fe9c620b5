import type { IncomingMessage, ServerResponse } from "node:http";
import { signId, verifyId } from "./cookie-value.js";
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
  /** Whether the value sent can be sent back unchanged (signed by the current secret). */
  readonly #sentIsCurrent: boolean;
  /** The session the response speaks for. */
  session: Session<SessionRecord> | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, options: ResolvedOptions) {
    this.req = req;
    this.res = res;
    this.#options = options;
    this.#sent = readIdValue(req, options);
    const verified = verifyId(this.#sent, options.secrets);
    this.sentId = verified?.id;
    this.#sentIsCurrent = verified?.current ?? false;
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
        // Node's writeHead lets a header object replace what setHeader stored, so an
        // application's own Set-Cookie there would silently drop the session cookie.
        // Folding those headers in first keeps both.
        if (foldHeaders(res, args[args.length - 1])) args = args.slice(0, -1);
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
    const changedId = session.id !== this.sentId;
    const persistent = session.persistent;
    // A release usually runs before the headers are written, so "dirty" is already false
    // by then: expiryExtended says the store's expiry moved and the cookie must follow it.
    const refresh = persistent && (session.dirty || session.touchDue(now) || session.expiryExtended);
    const needsCookie = changedId || refresh || session.persistenceChanged;
    const idHeader = this.#options.idHeader;
    if (!needsCookie && !idHeader) return;
    const value = this.#valueFor(session.id, changedId);
    // A header client has nowhere to keep the id but what each response says, so every
    // response of a live session carries it (beego's EnableSidInHTTPHeader does the same).
    if (idHeader) this.res.setHeader(idHeader, value);
    if (needsCookie) this.#set(value, persistent ? session.nextExpiry(now) - now : undefined, now);
  }

  // The value the client sent is already signed by the current secret when the id is
  // unchanged: sending it back saves an HMAC on every response that refreshes the cookie.
  // A value signed by an older secret is re-signed, so rotation moves clients on.
  #valueFor(id: string, changedId: boolean): string {
    return !changedId && this.#sentIsCurrent && this.#sent !== undefined ? this.#sent : signId(id, this.#options.secrets);
  }

  #set(value: string, maxAgeMs: number | undefined, now: number): void {
    appendSetCookie(this.res, sessionCookie(this.req, this.#options, value, maxAgeMs, now));
  }
}

/** Applies writeHead's header argument (an object, or a flat [name, value, …] list) the way Node would; false if it is not one. */
function foldHeaders(res: ServerResponse, headers: unknown): boolean {
  if (headers === null || typeof headers !== "object") return false;
  if (Array.isArray(headers)) {
    if (headers.length % 2 !== 0 || headers.some((item) => typeof item === "object")) return false;
    const list = headers as (string | number)[];
    for (let i = 0; i < list.length; i += 2) res.removeHeader(String(list[i]));
    for (let i = 0; i < list.length; i += 2) if (list[i]) res.appendHeader(String(list[i]), String(list[i + 1]));
    return true;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name && value !== undefined) res.setHeader(name, value as string | number | readonly string[]);
  }
  return true;
}

