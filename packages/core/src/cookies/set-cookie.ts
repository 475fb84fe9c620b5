/** The session cookie's fixed attributes, resolved (the manager's cookie options after defaults). */
export interface CookieAttributes {
  path: string;
  domain: string | undefined;
  secure: boolean | "auto";
  httpOnly: boolean;
  sameSite: "lax" | "strict" | "none" | false;
  partitioned: boolean;
}

/**
 * Builds the session's Set-Cookie values. The attributes that never change for a
 * manager (Path, Domain, HttpOnly, SameSite, Secure, Partitioned) are joined once,
 * so a response costs one string concatenation instead of a cookie serializer
 * run; only Max-Age and Expires vary, and the Expires date is formatted at most
 * once a second.
 */
export class SetCookieWriter {
  readonly #prefix: string;
  readonly #plain: string;
  readonly #secure: string;
  #expiresSecond = Number.NaN;
  #expiresText = "";

  constructor(cookieName: string, cookie: CookieAttributes) {
    this.#prefix = `${cookieName}=`;
    let attributes = `; Path=${cookie.path}`;
    if (cookie.domain !== undefined) attributes += `; Domain=${cookie.domain}`;
    if (cookie.httpOnly) attributes += "; HttpOnly";
    if (cookie.sameSite !== false) attributes += `; SameSite=${cookie.sameSite === "lax" ? "Lax" : cookie.sameSite === "strict" ? "Strict" : "None"}`;
    this.#plain = attributes;
    this.#secure = `${attributes}; Secure${cookie.partitioned ? "; Partitioned" : ""}`;
  }

  /** A Set-Cookie value: `maxAgeMs` undefined for a browser-session cookie, 0 to expire the cookie. */
  cookie(value: string, maxAgeMs: number | undefined, now: number, secure: boolean): string {
    const attributes = secure ? this.#secure : this.#plain;
    if (maxAgeMs === undefined) return this.#prefix + value + attributes;
    const maxAge = maxAgeMs > 0 ? Math.floor(maxAgeMs / 1000) : 0;
    const expires = maxAge === 0 ? "Thu, 01 Jan 1970 00:00:00 GMT" : this.#expires(now + maxAge * 1000);
    return `${this.#prefix}${value}; Max-Age=${maxAge}; Expires=${expires}${attributes}`;
  }

  #expires(at: number): string {
    const second = Math.floor(at / 1000);
    if (second !== this.#expiresSecond) {
      this.#expiresSecond = second;
      this.#expiresText = new Date(second * 1000).toUTCString();
    }
    return this.#expiresText;
  }
}
