import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import { createManager, isSessError, type Manager, type ManagerOptions, type Session } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import { MemoryProvider } from "@sess/provider-memory";
import { FakeClock } from "./clock.js";
import { counted, type Counted } from "./counting-provider.js";
import { CookieJar } from "./cookie-jar.js";
import { type AppData, type Reply, readForm, routes } from "./routes.js";

/** A running app: its manager, the counted memory provider under it, the clock, and errors seen. */
export interface Harness {
  kind: "node" | "express";
  url: string;
  port: number;
  manager: Manager<AppData>;
  store: Counted<MemoryProvider>;
  clock: FakeClock;
  /** Errors routes raised (node) or the Express error handler got. */
  errors: unknown[];
  /** A new cookie jar (a new browser) for this app. */
  browser(): CookieJar;
  close(): Promise<void>;
}

/** Options of a test app: manager options plus the idle lifetime. */
export type AppOptions = ManagerOptions & { maxLifetime?: number };

async function open(options: AppOptions) {
  const clock = new FakeClock();
  const store = counted(new MemoryProvider({ now: clock.now }));
  const { maxLifetime = 3600, ...rest } = options;
  const errors: unknown[] = [];
  const manager = await createManager<AppData>({
    provider: store.provider,
    cookieName: "sid",
    maxLifetime,
    now: clock.now,
    onError: (e) => errors.push(e),
    ...rest,
  });
  return { clock, store, manager, errors };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function harness(kind: Harness["kind"], server: Server, port: number, parts: Awaited<ReturnType<typeof open>>): Harness {
  const url = `http://127.0.0.1:${port}`;
  return {
    kind,
    url,
    port,
    ...parts,
    browser: () => new CookieJar(url),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await parts.manager.close();
    },
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (!reply) return;
  const status = reply.status ?? 200;
  if (reply.location) res.setHeader("location", reply.location);
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(reply.body ?? "");
}

/** The login app on a bare node:http server, seed style: start, handle, release, then respond. */
export async function startNodeApp(options: AppOptions = {}): Promise<Harness> {
  const parts = await open(options);
  const { manager, errors } = parts;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? "/", "http://x");
        const route = routes[`${req.method} ${url.pathname}`];
        if (!route) return send(res, { status: 404, body: "not found" });
        const form = await readForm(req);
        const session = await manager.start(req, res);
        const reply = await route({ session, manager, req, res, form, query: url.searchParams });
        // The current session: after a destroy, a route may have started a fresh one.
        await (await manager.start(req, res)).release();
        send(res, reply);
      } catch (err) {
        errors.push(err);
        if (!res.headersSent) send(res, { status: 500, body: isSessError(err) ? err.code : "error" });
        else res.end();
      }
    })();
  });
  return harness("node", server, await listen(server), parts);
}

/** The login app on Express 5 with `sessionMiddleware`; the middleware persists the session before the response ends. */
export async function startExpressApp(options: AppOptions = {}): Promise<Harness> {
  const parts = await open(options);
  const { manager, errors } = parts;
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(sessionMiddleware(manager));
  for (const [key, route] of Object.entries(routes)) {
    const [method = "", path = ""] = key.split(" ");
    const handler = async (req: Request, res: Response) => {
      const query = new URLSearchParams(req.url.split("?")[1] ?? "");
      const form = new URLSearchParams((req.body ?? {}) as Record<string, string>);
      const reply = await route({ session: req.session as unknown as Session<AppData>, manager, req, res, form, query });
      if (!reply) return;
      if (reply.location) return res.redirect(reply.status ?? 302, reply.location);
      res.status(reply.status ?? 200).type("text/plain").send(reply.body ?? "");
    };
    if (method === "GET") app.get(path, handler);
    else app.post(path, handler);
  }
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    errors.push(err);
    if (res.headersSent) return next(err);
    res.status(500).type("text/plain").send(isSessError(err) ? err.code : "error");
  });
  const server = createServer(app);
  return harness("express", server, await listen(server), parts);
}

/** Both apps, for `describe.each`. */
export const apps: [string, (options?: AppOptions) => Promise<Harness>][] = [
  ["node:http", startNodeApp],
  ["express", startExpressApp],
];
