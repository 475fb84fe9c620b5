// Plain fetch over real HTTP, no redirects followed, so a test sees every Set-Cookie.

/** One response: its status, Set-Cookie headers, the "sid=…" pair they set, and the body. */
export interface Answer {
  status: number;
  headers: Headers;
  setCookies: string[];
  /** The `name=value` pair of the first Set-Cookie for `sid`, if any. */
  sid: string | undefined;
  body: string;
}

/** Sends one request; `cookie` is the Cookie header to send. */
export async function call(url: string, init: { method?: string; cookie?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie !== undefined) headers.cookie = init.cookie;
  const response = await fetch(url, { method: init.method ?? "GET", headers, redirect: "manual" });
  const setCookies = response.headers.getSetCookie();
  const sid = setCookies.map((c) => c.split(";")[0]!).find((c) => c.startsWith("sid="));
  return { status: response.status, headers: response.headers, setCookies, sid, body: await response.text() };
}
