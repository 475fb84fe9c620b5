/** A tiny HTTP client with one cookie: what a browser would keep of the session cookie. */
export class Client {
  cookie: string | undefined;

  constructor(readonly base: URL, readonly name = "sid") {}

  /** Sends a request with the cookie, follows nothing, and keeps whatever cookie the response sets. */
  async request(method: string, path: string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie !== undefined) headers.cookie = `${this.name}=${this.cookie}`;
    const response = await fetch(new URL(path, this.base), {
      method,
      headers,
      redirect: "manual",
      body: form === undefined ? undefined : new URLSearchParams(form),
      signal: AbortSignal.timeout(15_000),
    });
    const set = setCookie(response, this.name);
    if (set !== undefined) this.cookie = set.expired ? undefined : set.value;
    return response;
  }

  /** GET `path` and its body. */
  async text(path: string): Promise<string> {
    return (await this.request("GET", path)).text();
  }
}

/** The Set-Cookie a response sends for `name`: its value and whether it expires the cookie. */
export function setCookie(response: Response, name: string): { value: string; expired: boolean } | undefined {
  const header = response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
  if (header === undefined) return undefined;
  const value = header.slice(name.length + 1).split(";")[0]!;
  return { value, expired: /;\s*Max-Age=0(;|$)/i.test(header) || value === "" };
}
