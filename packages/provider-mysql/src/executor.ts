import { SessError, SessErrorCode, storeUnavailable, withDeadline } from "@sess/core/provider";
import { createConnection, type ConnectionOptions, type ExecuteValues, type Pool, type PoolConnection } from "mysql2/promise";

const NAME = "mysql";

/** The connection a call holds, so a deadline can take it back. */
interface Lease {
  expired: boolean;
  conn: PoolConnection | undefined;
}

/** How long a KILL QUERY for an abandoned statement may take, ms. */
const KILL_MS = 2000;

/** The parts of a pool's connection config a one-off connection for KILL QUERY needs (the rest would draw warnings). */
const KILL_CONNECTION_KEYS = [
  "host", "port", "localAddress", "socketPath", "user", "password", "password2", "password3", "database",
  "ssl", "stream", "authPlugins", "enableCleartextPlugin", "insecureAuth",
] as const;

/** Server errors that mean the value was too big for the server (max_allowed_packet). */
const TOO_LARGE_ERRNOS = new Set([1153, 1301]);

/**
 * Runs work on pooled connections with one deadline that covers waiting for a
 * connection and the statement itself. mysql2's pool has no acquire timeout,
 * so a connection that arrives after the deadline is released at once; a
 * connection whose statement overran, or that failed in any way, is destroyed
 * rather than returned, so a dead or busy connection is never handed out again
 * (no "Cannot enqueue Query after fatal error"). An overrun statement is also
 * ended on the server with KILL QUERY: a closed socket alone leaves a statement
 * waiting on a row lock to run, and commit, whenever the lock clears.
 */
export class Executor {
  readonly #pool: Pool;
  readonly #timeoutMs: number;
  readonly #guarded = new WeakSet<object>();

  constructor(pool: Pool, timeoutMs: number) {
    this.#pool = pool;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Executes one prepared statement. A deadlock victim runs once more (InnoDB rolled it back);
   * with `retry`, so does a statement whose connection failed (read-only statements only).
   */
  async execute<T>(what: string, sql: string, params: ExecuteValues[], retry = false, timeoutMs = this.#timeoutMs): Promise<T> {
    return this.run(what, async (conn) => (await conn.execute(sql, params))[0] as T, retry, timeoutMs);
  }

  /** Runs `work` on one pooled connection within the deadline. */
  async run<T>(what: string, work: (conn: PoolConnection) => Promise<T>, retry = false, timeoutMs = this.#timeoutMs): Promise<T> {
    const lease: Lease = { expired: false, conn: undefined };
    try {
      return await withDeadline(this.#attempt(work, lease, retry), timeoutMs, NAME, what);
    } catch (err) {
      lease.expired = true;
      const stuck = lease.conn;
      lease.conn = undefined;
      if (stuck) {
        const thread = (stuck as { threadId?: unknown }).threadId;
        stuck.destroy();
        if (typeof thread === "number") void this.#killQuery(thread);
      }
      throw mapError(err, what);
    }
  }

  async #attempt<T>(work: (conn: PoolConnection) => Promise<T>, lease: Lease, retry: boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const conn = await this.#pool.getConnection();
      if (lease.expired) {
        conn.release();
        throw new SessError(SessErrorCode.STORE_UNAVAILABLE, "connection arrived after the deadline", { source: NAME });
      }
      this.#guard(conn);
      lease.conn = conn;
      try {
        const result = await work(conn);
        if (lease.conn === conn) {
          lease.conn = undefined;
          conn.release();
        }
        return result;
      } catch (err) {
        if (lease.conn === conn) {
          lease.conn = undefined;
          conn.destroy();
        }
        const again = attempt === 0 && !lease.expired && ((retry && isConnectionFailure(err)) || isDeadlock(err));
        if (!again) throw err;
      }
    }
  }

  /**
   * Ends the statement `thread` is running, from a connection of its own made with the pool's
   * settings (the pool may be exhausted, and waiting for one of its connections could take
   * longer than the statement). Never rejects and gives up after KILL_MS.
   */
  async #killQuery(thread: number): Promise<void> {
    const config = (this.#pool as unknown as { pool?: { config?: { connectionConfig?: Record<string, unknown> } } }).pool?.config?.connectionConfig;
    const options: Record<string, unknown> = { connectTimeout: KILL_MS };
    for (const key of KILL_CONNECTION_KEYS) if (config?.[key] !== undefined) options[key] = config[key];
    const kill = async (): Promise<void> => {
      if (!config) {
        await this.#pool.query("KILL QUERY ?", [thread]);
        return;
      }
      const conn = await createConnection(options as ConnectionOptions);
      conn.on("error", () => {});
      try {
        await conn.query("KILL QUERY ?", [thread]);
      } finally {
        conn.destroy();
      }
    };
    await withDeadline(kill(), KILL_MS, NAME, "KILL QUERY").catch(() => undefined);
  }

  /** A lasting 'error' listener: mysql2's own is `once`, and a second 'error' on a closed connection would crash the process. */
  #guard(conn: PoolConnection): void {
    const core = (conn as unknown as { connection?: { on?: (event: string, fn: () => void) => void } }).connection;
    if (!core || this.#guarded.has(core) || typeof core.on !== "function") return;
    this.#guarded.add(core);
    core.on("error", () => {});
  }
}

/** InnoDB rolled the statement (or transaction) back to break a deadlock: it had no effect, so running it again is safe. */
function isDeadlock(err: unknown): boolean {
  return (err as { errno?: unknown } | null)?.errno === 1213;
}

function isConnectionFailure(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { fatal?: unknown }).fatal === true;
}

function mapError(err: unknown, what: string): SessError {
  if (err instanceof SessError) return err;
  const errno = (err as { errno?: unknown } | null)?.errno;
  if (typeof errno === "number" && TOO_LARGE_ERRNOS.has(errno)) {
    return new SessError(SessErrorCode.TOO_LARGE, `${what}: the session is larger than the server accepts (max_allowed_packet)`, { source: NAME, cause: err });
  }
  return storeUnavailable(NAME, err, `${what} failed`);
}
