import net from "node:net";

/** What a pg client knows about its backend: where it lives and the key that lets another connection cancel its statement. */
export interface CancelTarget {
  host?: string | undefined;
  port?: number | undefined;
  processID?: number | null | undefined;
  secretKey?: number | null | undefined;
}

const CANCEL_REQUEST_CODE = 80877102;

/**
 * Sends the protocol's CancelRequest for the statement `target` is running, over a connection of
 * its own (the server answers nothing and closes it). Unlike `pg_cancel_backend` it needs no pooled
 * connection, so it works when the pool is exhausted, on any pool, and through PgBouncer. Settles
 * within `timeoutMs` and never rejects: a failed cancel leaves only the closed socket to stop the statement.
 */
export function cancelStatement(target: CancelTarget, timeoutMs: number): Promise<void> {
  const { processID, secretKey } = target;
  if (typeof processID !== "number" || typeof secretKey !== "number") return Promise.resolve();
  const host = target.host ?? "localhost";
  const port = target.port ?? 5432;
  return new Promise((resolve) => {
    const socket = host.startsWith("/") ? net.connect(`${host}/.s.PGSQL.${port}`) : net.connect(port, host);
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    timer.unref();
    socket.on("error", done);
    socket.on("close", done);
    socket.on("connect", () => {
      const message = Buffer.alloc(16);
      message.writeInt32BE(16, 0);
      message.writeInt32BE(CANCEL_REQUEST_CODE, 4);
      message.writeInt32BE(processID, 8);
      message.writeInt32BE(secretKey, 12);
      socket.end(message);
    });
  });
}
