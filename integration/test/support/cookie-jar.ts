/** One Set-Cookie header, parsed. */
export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased ("max-age", "expires", "httponly", …) to their values ("" for flags). */
  attributes: Map<string, string>;
  raw: string;
}

/** Parses a Set-Cookie header value. */
export function parseSetCookie(raw: string): SetCookie {
  const [pair = "", ...attrs] = raw.split(";");
  const eq = pair.indexOf("=");
  const attributes = new Map<string, string>();
  for (const attr of attrs) {
    const i = attr.indexOf("=");
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    attributes.set(key, i < 0 ? "" : attr.slice(i + 1).trim());
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes, raw };
}

/** True when the Set-Cookie tells the browser to drop the cookie. */
export function isExpiring(cookie: SetCookie): boolean {
  const maxAge = cookie.attributes.get("max-age");
  if (maxAge !== undefined) return Number(maxAge) <= 0;
  const expires = cookie.attributes.get("expires");
  return expires !== undefined && Date.parse(expires) <= Date.now();
}

/** What one request through the jar returned. */
export interface JarResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The Set-Cookie headers of this response, parsed. */
  setCookies: SetCookie[];
}

/**
 * A minimal browser cookie store over fetch: remembers what Set-Cookie says
 * (dropping a cookie on Max-Age=0 or a past Expires), sends it back, and never
 * follows redirects on its own so tests see every Set-Cookie.
 */
export class CookieJar {
  readonly #base: string;
  readonly #cookies = new Map<string, string>();

  constructor(base: string) {
    this.#base = base;
  }

  /** The value the jar holds for `name`. */
  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /** Puts a cookie in the jar by hand (a forged or stale one). */
  set(name: string, value: string): void {
    this.#cookies.set(name, value);
  }

  /** Forgets a cookie. */
  delete(name: string): void {
    this.#cookies.delete(name);
  }

  /** Sends a request with the jar's cookies and stores the answer's. */
  async fetch(path: string, init: RequestInit = {}): Promise<JarResponse> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size && !headers.has("cookie")) {
      headers.set("cookie", [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await fetch(new URL(path, this.#base), { ...init, headers, redirect: "manual" });
    const body = await res.text();
    const setCookies = res.headers.getSetCookie().map(parseSetCookie);
    for (const c of setCookies) {
      if (isExpiring(c)) this.#cookies.delete(c.name);
      else this.#cookies.set(c.name, c.value);
    }
    return { status: res.status, headers: res.headers, body, setCookies };
  }

  /** A GET. */
  get_(path: string, headers?: Record<string, string>): Promise<JarResponse> {
    return this.fetch(path, { headers });
  }

  /** A POST of an urlencoded form. */
  post(path: string, form: Record<string, string> = {}, headers?: Record<string, string>): Promise<JarResponse> {
    return this.fetch(path, {
      method: "POST",
      body: new URLSearchParams(form).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });
  }
}
