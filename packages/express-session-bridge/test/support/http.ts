import { once } from "node:events";
import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One response as the tests read it. */
export interface Reply {
  status: number;
  setCookies: string[];
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** One request on a fresh connection (no keep-alive: the server behind the port changes during a test). */
export function send(port: number, method: string, path: string, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        const setCookies = res.headers["set-cookie"] ?? [];
        resolve({ status: res.statusCode ?? 0, setCookies, body, json: () => JSON.parse(body) as never });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** The Set-Cookie value for `name` in a response (the last one, as a browser keeps it), or undefined. */
export function setCookieFor(reply: Reply, name: string): string | undefined {
  return reply.setCookies.filter((c) => c.startsWith(`${name}=`)).at(-1);
}

/** `name=value` from a Set-Cookie value, ready for a Cookie header. */
export function pairOf(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

/** Whether a Set-Cookie value deletes its cookie. */
export function expires(setCookie: string): boolean {
  return /;\s*Max-Age=0/i.test(setCookie) || /Expires=Thu, 01 Jan 1970/.test(setCookie);
}

/** The raw express-session id in a `connect.sid=s%3A<id>.<sig>` pair. */
export function legacyIdOf(pair: string): string {
  const value = decodeURIComponent(pair.slice(pair.indexOf("=") + 1));
  return value.slice(2, value.lastIndexOf("."));
}

/** Listens on `port` (0: any free one) and returns the port. */
export async function listen(server: Server, port = 0): Promise<number> {
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

/** Stops a server and drops its open connections. */
export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
