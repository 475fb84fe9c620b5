import { SessError, SessErrorCode, withDeadline } from "@sess/core/provider";
import type { Pool, PoolClient, QueryResult, QueryResultRow } from "pg";
import { cancelStatement } from "./cancel-request.js";
import { NAME, isConnectionFailure, isRetryableConflict, isServerTermination, mapError } from "./errors.js";
import type { Statement } from "./statements.js";

/** The client a call holds, so a deadline can take it back. */
interface Lease {
  expired: boolean;
  client: PoolClient | undefined;
}

/** What the executor watches on each client it has used. */
interface Watched {
  /** CommandComplete messages received so far. */
  completed: number;
}

/** "read": safe to run again after any connection failure; "write": only when it provably never ran. */
export type CallKind = "read" | "write";

/** Attempts after connection failures: enough to pass every dead idle client of a small pool, bounded by the deadline anyway. */
const CONNECTION_RETRIES = 10;

/** How long a CancelRequest may take to be delivered, ms. */
const CANCEL_MS = 2000;

/**
 * Runs work on pooled clients with one deadline that covers waiting for a client and the
 * statement itself. A client that arrives after the deadline goes straight back to the pool.
 * A client whose statement overran gets a CancelRequest, so the server stops the statement
 * whatever pool it came from (a statement left waiting on a row lock would otherwise run, and
 * commit, whenever the lock clears), and is released with an error so the pool ends it; so is
 * a client that failed in any way, which is never handed out again.
 */
export class Executor {
  readonly #pool: Pool;
  readonly #timeoutMs: number;
  readonly #named: boolean;
  readonly #watched = new WeakMap<PoolClient, Watched>();

  /** `named`: prepare each statement once per connection (off behind PgBouncer's transaction mode). */
  constructor(pool: Pool, timeoutMs: number, named = true) {
    this.#pool = pool;
    this.#timeoutMs = timeoutMs;
    this.#named = named;
  }

  /**
   * Runs one statement. A deadlock or serialization victim runs again until the deadline (the
   * server rolled it back); after a connection failure a read runs again, and a write the server
   * provably never completed runs once more.
   */
  async query<R extends QueryResultRow>(what: string, statement: Statement, values: unknown[], kind: CallKind): Promise<QueryResult<R>> {
    const config = this.#named ? { name: statement.name, text: statement.text, values } : { text: statement.text, values };
    return this.run(what, (client) => client.query<R>(config), kind);
  }

  /** Runs `work` on one pooled client within the deadline. */
  async run<T>(what: string, work: (client: PoolClient) => Promise<T>, kind: CallKind, timeoutMs = this.#timeoutMs): Promise<T> {
    const lease: Lease = { expired: false, client: undefined };
    try {
      return await withDeadline(this.#attempt(work, lease, kind), timeoutMs, NAME, what);
    } catch (err) {
      lease.expired = true;
      const stuck = lease.client;
      lease.client = undefined;
      if (stuck) {
        void cancelStatement(stuck, CANCEL_MS);
        stuck.release(true);
      }
      throw mapError(err, what);
    }
  }

  async #attempt<T>(work: (client: PoolClient) => Promise<T>, lease: Lease, kind: CallKind): Promise<T> {
    for (let attempt = 0, failures = 0; ; attempt++) {
      const client = await this.#pool.connect();
      if (lease.expired) {
        client.release();
        throw new SessError(SessErrorCode.STORE_UNAVAILABLE, "connection arrived after the deadline", { source: NAME });
      }
      const watched = this.#watch(client);
      const completedBefore = watched.completed;
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
        if (lease.expired) throw err;
        if (isRetryableConflict(err)) {
          await backoff(attempt);
          continue;
        }
        // A write runs again once, and only when the server ended the connection before completing it.
        const neverRan = attempt === 0 && isServerTermination(err) && watched.completed === completedBefore;
        const again = failures++ < CONNECTION_RETRIES && ((kind === "read" && isConnectionFailure(err)) || neverRan);
        if (!again) throw err;
        // One turn of the event loop first: the pool drops idle clients whose FATAL is already waiting (a restart ends them all).
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /**
   * Watches a client from its first use: a lasting 'error' listener (pg emits 'error' on a client
   * whose socket dies, and the pool listens only while the client is idle, so a socket error while
   * the provider holds it, or after the deadline took it back, would otherwise crash the process),
   * and a count of completed statements, which tells a write that never ran from one that may have.
   */
  #watch(client: PoolClient): Watched {
    let watched = this.#watched.get(client);
    if (watched) return watched;
    const state: Watched = { completed: 0 };
    watched = state;
    this.#watched.set(client, state);
    client.on("error", () => {});
    const connection = (client as unknown as { connection?: { on?: (event: string, fn: () => void) => void } }).connection;
    connection?.on?.("commandComplete", () => {
      state.completed++;
    });
    return state;
  }
}

/** A short random pause before a rolled-back statement runs again, growing with each attempt, so racing writers spread out. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
