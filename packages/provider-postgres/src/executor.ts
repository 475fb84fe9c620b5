import { SessError, SessErrorCode, withDeadline } from "@sess/core/provider";
import type { Pool, PoolClient, QueryResult, QueryResultRow } from "pg";
import { NAME, isConnectionFailure, isRetryableConflict, mapError } from "./errors.js";
import type { Statement } from "./statements.js";

/** The client a call holds, so a deadline can take it back. */
interface Lease {
  expired: boolean;
  client: PoolClient | undefined;
}

/**
 * Runs work on pooled clients with one deadline that covers waiting for a client and the
 * statement itself. A client that arrives after the deadline goes straight back to the pool;
 * a client whose statement overran, or that failed in any way, is released with an error so
 * the pool ends it (pg destroys the socket of a client with a query in flight) and never
 * hands it out again.
 */
export class Executor {
  readonly #pool: Pool;
  readonly #timeoutMs: number;
  readonly #guarded = new WeakSet<PoolClient>();

  constructor(pool: Pool, timeoutMs: number) {
    this.#pool = pool;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Runs one named statement. A deadlock or serialization victim runs once more (the server
   * rolled it back); with `retry`, so does a statement whose connection failed (read-only ones only).
   */
  async query<R extends QueryResultRow>(what: string, statement: Statement, values: unknown[], retry = false): Promise<QueryResult<R>> {
    return this.run(what, (client) => client.query<R>({ name: statement.name, text: statement.text, values }), retry);
  }

  /** Runs `work` on one pooled client within the deadline. */
  async run<T>(what: string, work: (client: PoolClient) => Promise<T>, retry = false, timeoutMs = this.#timeoutMs): Promise<T> {
    const lease: Lease = { expired: false, client: undefined };
    try {
      return await withDeadline(this.#attempt(work, lease, retry), timeoutMs, NAME, what);
    } catch (err) {
      lease.expired = true;
      const stuck = lease.client;
      lease.client = undefined;
      stuck?.release(true);
      throw mapError(err, what);
    }
  }

  async #attempt<T>(work: (client: PoolClient) => Promise<T>, lease: Lease, retry: boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.#pool.connect();
      if (lease.expired) {
        client.release();
        throw new SessError(SessErrorCode.STORE_UNAVAILABLE, "connection arrived after the deadline", { source: NAME });
      }
      this.#guard(client);
      lease.client = client;
      try {
        const result = await work(client);
        if (lease.client === client) {
          lease.client = undefined;
          client.release();
        }
        return result;
      } catch (err) {
        if (lease.client === client) {
          lease.client = undefined;
          // Even a server error may leave a connection mid-transaction: end it rather than guess.
          client.release(true);
        }
        const again = attempt === 0 && !lease.expired && ((retry && isConnectionFailure(err)) || isRetryableConflict(err));
        if (!again) throw err;
      }
    }
  }

  /**
   * A lasting 'error' listener: pg emits 'error' on a client whose socket dies, and the pool
   * listens only while the client is idle, so a socket error while the provider holds it, or
   * after the deadline took it back, would otherwise crash the process.
   */
  #guard(client: PoolClient): void {
    if (this.#guarded.has(client)) return;
    this.#guarded.add(client);
    client.on("error", () => {});
  }
}
