import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A response as a test reads it: status, parsed JSON body and the Set-Cookie values sent. */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
  setCookies: string[];
}

/** A running server on a loopback port. */
export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Starts a node:http server with `handler` on a free loopback port. */
export function serve(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<Running> {
  const server: Server = createServer((req, res) => void handler(req, res));
  return listen(server);
}

/** Listens on a free loopback port. */
export function listen(server: Server): Promise<Running> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** GET `path` with `cookie` as the whole Cookie header (or none). */
export async function get(base: string, path: string, cookie?: string): Promise<Reply> {
  const res = await fetch(base + path, { headers: cookie === undefined ? {} : { cookie } });
  const text = await res.text();
  return { status: res.status, body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>), setCookies: res.headers.getSetCookie() };
}

/** The value a Set-Cookie for `name` carries, or undefined when the reply set no such cookie. */
export function cookieOf(reply: Reply, name: string): string | undefined {
  const line = reply.setCookies.find((c) => c.startsWith(`${name}=`));
  return line === undefined ? undefined : line.slice(name.length + 1, line.indexOf(";") < 0 ? undefined : line.indexOf(";"));
}

/** The full Set-Cookie line for `name`, or undefined. */
export function setCookieLine(reply: Reply, name: string): string | undefined {
  return reply.setCookies.find((c) => c.startsWith(`${name}=`));
}

/** A small cookie jar for one client: keeps what Set-Cookie says, drops what it expires. */
export class Jar {
  readonly #cookies = new Map<string, string>();

  /** The Cookie header to send, or undefined when the jar is empty. */
  header(): string | undefined {
    return this.#cookies.size === 0 ? undefined : [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** The value held for `name`. */
  value(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /** Applies a reply's Set-Cookie lines. */
  take(reply: Reply): Reply {
    for (const line of reply.setCookies) {
      const eq = line.indexOf("=");
      const name = line.slice(0, eq);
      const value = line.slice(eq + 1, line.indexOf(";") < 0 ? undefined : line.indexOf(";"));
      if (/;\s*Max-Age=0(;|$)/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return reply;
  }

  /** GET through the jar. */
  async get(base: string, path: string): Promise<Reply> {
    return this.take(await get(base, path, this.header()));
  }
}
