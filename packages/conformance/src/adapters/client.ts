/** How a request ended, as a client sees it. */
export interface Outcome {
  /** The status, or undefined when the request failed at the network level. */
  status: number | undefined;
  /** The network failure (connection reset, a body cut short), if any. */
  error?: unknown;
  /** The Set-Cookie header values. */
  setCookies: string[];
  /** The response body; empty for a network failure. */
  body: string;
  /** A response header by name. */
  header(name: string): string | null;
}

/** A failure the client can see: a 5xx or a network error. */
export function failedLoudly(outcome: Outcome): boolean {
  return outcome.status === undefined || outcome.status >= 500;
}

/** Options of one request. */
export interface SendOptions {
  method?: string;
  /** The Cookie header as sent, bypassing the jar (duplicate names, very large headers). */
  cookie?: string;
  signal?: AbortSignal;
}

const TIMEOUT_MS = 10_000;

/** A client with a cookie jar, like a browser on one site: keeps cookies by name, drops expired ones. */
export class Browser {
  readonly #base: string;
  readonly cookies = new Map<string, string>();

  constructor(base: string) {
    this.#base = base;
  }

  /** The Cookie header this browser sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** Sends a request without following redirects; the jar takes the response's cookies. */
  async send(path: string, options: SendOptions = {}): Promise<Outcome> {
    const headers: Record<string, string> = {};
    const cookie = options.cookie ?? this.cookieHeader();
    if (cookie !== "") headers.cookie = cookie;
    const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(this.#base + path, { method: options.method ?? "GET", headers, redirect: "manual", signal });
    } catch (error) {
      return { status: undefined, error, setCookies: [], body: "", header: () => null };
    }
    const setCookies = response.headers.getSetCookie();
    this.take(setCookies);
    let body = "";
    let error: unknown;
    try {
      body = await response.text();
    } catch (err) {
      error = err;
    }
    // A body cut short is a failure the client sees, whatever the status said.
    return { status: error === undefined ? response.status : undefined, error, setCookies, body, header: (name) => response.headers.get(name) };
  }

  /** Applies Set-Cookie values: Max-Age=0 (or a past Expires) removes the cookie. */
  take(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [k = "", v = ""] = a.split("=").map((x) => x.trim());
        if (k.toLowerCase() === "max-age") return Number(v) <= 0;
        if (k.toLowerCase() === "expires") return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** The Set-Cookie values for cookie `name`. */
export function cookiesNamed(setCookies: readonly string[], name: string): string[] {
  return setCookies.filter((line) => line.split("=")[0]?.trim() === name);
}

/** Whether a Set-Cookie value expires its cookie (an empty value or Max-Age=0). */
export function expires(line: string): boolean {
  return (line.split(";")[0] ?? "").trim().endsWith("=") || /;\s*max-age=0\s*(;|$)/i.test(line);
}
