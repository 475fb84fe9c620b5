import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { isSessError, type Manager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";

/** The header that names the SessError code of a failed request, so the load can tell typed failures from others. */
export const ERROR_HEADER = "x-sess-error";

// Every request but /peek bumps a counter: the client knows the last value the
// server acknowledged, so after a fault it can tell whether that write survived.
// The padding makes each session a realistic few hundred bytes.
const PAD = "x".repeat(300);

function failed(res: ServerResponse, err: unknown): void {
  const code = isSessError(err) ? err.code : "UNTYPED";
  if (!res.headersSent) {
    // Express's send() already set Content-Length for the body it meant to send; left in
    // place, the client would wait for bytes that never come.
    res.removeHeader("content-length");
    res.writeHead(code === "STORE_UNAVAILABLE" ? 503 : 500, { [ERROR_HEADER]: code });
  }
  res.end();
}

/** The counter app over node:http and `manager.start`. */
export function nodeApp(manager: Manager): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const work = async () => {
      const session = await manager.start(req, res);
      const n = Number(session.get("n") ?? 0) + (req.url === "/peek" ? 0 : 1);
      if (req.url !== "/peek") session.set("n", n).set("pad", PAD);
      await session.release();
      res.writeHead(200, { "content-type": "text/plain" }).end(String(n));
    };
    work().catch((err: unknown) => failed(res, err));
  };
}

/** The same counter app through Express and `sessionMiddleware`. */
export function expressApp(manager: Manager): express.Express {
  const app = express();
  app.use(sessionMiddleware(manager));
  app.get(["/hit", "/peek"], (req, res) => {
    const session = (req as unknown as { session: ReturnType<Manager["create"]> }).session;
    const n = Number(session.get("n") ?? 0) + (req.path === "/peek" ? 0 : 1);
    if (req.path !== "/peek") session.set("n", n).set("pad", PAD);
    res.type("text/plain").send(String(n));
  });
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => failed(res, err));
  return app;
}

/** Listens on a free loopback port; resolves with the base URL and a close function. */
export async function listen(handler: Parameters<typeof createServer>[1], label: string): Promise<{ base: string; label: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    // Which adapter serves this base, for failure reports.
    base: `http://127.0.0.1:${port}`,
    label,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
