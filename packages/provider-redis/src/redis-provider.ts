import { SessError, SessErrorCode, assertStorageKey, storeUnavailable, withDeadline, type ChangeSet, type Provider, type ProviderOptions, type StoredSession, type SubjectSession } from "@sess/core/provider";
import type { Cluster, Redis } from "ioredis";
import { resolveConfig, type ResolvedConfig } from "./config.js";
import { connect, type Connection } from "./connect.js";
import { countKeys } from "./count.js";
import type { RedisProviderOptions } from "./options.js";
import { dataField, decodeRecord, decodeString, encodeString } from "./record-codec.js";
import { MOVE, TAKE, TOUCH, WRITE, preloadScripts } from "./scripts.js";
import { SubjectIndex } from "./subject-index.js";
import { SUBJECT_SCRIPTS } from "./subject-scripts.js";

const NAME = "redis";

/**
 * A session store on Redis, Redis Cluster or Sentinel: one hash per session, one command per read,
 * one script per write, and a sorted set per subject for a user's sessions (see `SubjectIndex`).
 */
export class RedisProvider implements Provider {
  readonly name = NAME;
  /** OpenTelemetry's `db.system.name` for this backend, for `@sess/opentelemetry`. */
  readonly dbSystem = "redis";
  readonly #client: Redis | Cluster;
  readonly #owned: boolean;
  readonly #prefix: string;
  readonly #timeout: number;
  readonly #cluster: boolean;
  readonly #now: () => number;
  /** The seed's pool size when one was configured (informational; see README). */
  readonly poolSize: number | undefined;
  readonly #subjects: SubjectIndex;
  #closed = false;

  /** Use {@link redisProvider} to open one; this takes an already connected client. */
  constructor(connection: Connection, config: ResolvedConfig) {
    this.#client = connection.client;
    this.#owned = connection.owned;
    this.#prefix = config.prefix;
    this.#timeout = config.commandTimeoutMs;
    this.#cluster = (connection.client as { isCluster?: boolean }).isCluster === true;
    this.#now = config.now;
    this.poolSize = config.poolSize;
    // Long enough that a writer always binds its record well within it after indexing the key.
    const graceMs = Math.max(60_000, 10 * config.commandTimeoutMs);
    this.#subjects = new SubjectIndex(this.#client, this.#prefix, this.#now, graceMs, (what, work) => this.#call(what, work));
  }

  /** The ioredis client in use (the user's, or the one the provider opened). */
  get client(): Redis | Cluster {
    return this.#client;
  }

  /** The connections to scan or prepare: every cluster master, or the one client. */
  nodes(): Redis[] {
    return this.#cluster ? (this.#client as Cluster).nodes("master") : [this.#client as Redis];
  }

  /** The Redis key a storage key is stored under. */
  redisKey(key: string): string {
    return this.#prefix + key;
  }

  /** The Redis key of `subject`'s index (a sorted set of storage keys). */
  subjectKey(subject: string): string {
    return this.#subjects.indexKey(subject);
  }

  async read(key: string): Promise<StoredSession | null> {
    const redisKey = this.#key(key);
    const reply = await this.#call("read", () => this.#client.hgetall(redisKey));
    return decodeRecord(reply, this.#now());
  }

  async exists(key: string): Promise<boolean> {
    const redisKey = this.#key(key);
    // The stored expiry against the application's clock, as read() does (the clock rule).
    const expires = await this.#call("exists", () => this.#client.hget(redisKey, "e"));
    return expires !== null && Number(expires) > this.#now();
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    const redisKey = this.#key(key);
    if (!Number.isFinite(expiresAt)) throw new SessError(SessErrorCode.INVALID_CONFIG, "write: expiresAt must be a finite epoch-ms number", { source: NAME });
    const setKeys = Object.keys(change.set);
    const at = Math.ceil(expiresAt);
    const subject = change.subject;
    // Indexed before the record is bound, so a bound record is always in its subject's index.
    if (typeof subject === "string") await this.#subjects.add(subject, key);
    const bind = subject === undefined ? ["k", "-"] : subject === null ? ["u", "-"] : ["b", encodeString(subject)];
    const args: Array<string | number> = [change.isNew ? "1" : "0", change.clear ? "1" : "0", at, Math.floor(change.createdAt), at - this.#now(), ...bind, change.deleted.length];
    for (const name of change.deleted) args.push(dataField(name));
    for (const name of setKeys) args.push(dataField(name), encodeString(change.set[name]!));
    return (await this.#call("write", () => WRITE.run(this.#client, [redisKey], args))) === 1;
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    const redisKey = this.#key(key);
    const at = Math.ceil(expiresAt);
    return (await this.#call("touch", () => TOUCH.run(this.#client, [redisKey], [at, at - this.#now()]))) === 1;
  }

  async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    const from = this.#key(oldKey);
    const to = this.#key(newKey);
    if (from === to) return this.exists(oldKey);
    // A bound record is only moved once its new key is indexed: the script answers { 2, subject }
    // instead of moving when the caller's guess (first: unbound) is wrong, and the move is retried.
    let expected = "=";
    for (let attempt = 0; attempt < 3; attempt++) {
      let fence = "";
      if (expected !== "=") fence = await this.#subjects.add(decodeString(expected.slice(1)), newKey);
      const reply = this.#cluster
        ? await this.#call("regenerate", () => this.#moveAcrossSlots(from, to, expected, fence))
        : await this.#call("regenerate", () => MOVE.run(this.#client, [from, to], [expected]));
      if (!Array.isArray(reply)) return reply === 1 || reply === true;
      expected = String(reply[1]);
    }
    throw new SessError(SessErrorCode.STORE_UNAVAILABLE, "regenerate: the session's subject kept changing", { source: NAME });
  }

  async destroy(key: string): Promise<void> {
    const redisKey = this.#key(key);
    await this.#call("destroy", () => this.#client.del(redisKey));
  }

  async count(): Promise<number> {
    this.#open();
    const nodes = this.nodes();
    try {
      // A client's own keyPrefix applies to commands but not to SCAN's pattern or replies.
      const clientPrefix = (this.#client.options as { keyPrefix?: string }).keyPrefix ?? "";
      const deadline = <T>(work: Promise<T>): Promise<T> => withDeadline(work, this.#timeout, NAME, "count");
      const now = this.#now();
      const counts = await Promise.all(nodes.map((node) => countKeys(node, clientPrefix + this.#prefix, deadline, now)));
      return counts.reduce((a, b) => a + b, 0);
    } catch (err) {
      throw storeUnavailable(NAME, err, "count failed");
    }
  }

  /** The live sessions bound to `subject`. */
  async listSubject(subject: string): Promise<SubjectSession[]> {
    this.#open();
    return this.#subjects.list(String(subject));
  }

  /** Destroys every live session bound to `subject` except `exceptKey`; resolves how many. */
  async destroySubject(subject: string, exceptKey?: string): Promise<number> {
    this.#open();
    if (exceptKey !== undefined) assertStorageKey(exceptKey, NAME);
    return this.#subjects.destroyAll(String(subject), exceptKey, this.#cluster);
  }

  async gc(): Promise<number> {
    this.#open();
    return 0; // Redis expires keys itself (PEXPIRE on every write and touch).
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#owned) return;
    const client = this.#client;
    const ended = new Promise<void>((resolve) => client.once("end", () => resolve()));
    try {
      await withDeadline(client.quit().then(() => ended), this.#timeout, NAME, "close");
    } catch {
      // QUIT failed or hung (Redis away): drop the socket so nothing keeps the process alive.
    } finally {
      if (client.status !== "end") client.disconnect();
    }
  }

  /**
   * Cluster regenerate: the two keys live in different slots, so no single command
   * moves them. TAKE removes the old key and returns its DUMP in one atomic step,
   * then RESTORE writes it under the new key with the TTL left on the application's clock. The
   * data is never readable under both ids; between the two commands it is readable
   * under neither (a concurrent write to the old id resolves false, like after a
   * destroy). If RESTORE fails, the dump is restored under the old key before rejecting.
   * A bound record cannot move atomically with a revoke-all in another slot, so the move checks
   * the subject's fence afterwards: a revoke that ran meanwhile changed it, and the moved session
   * is destroyed (it resolves false, as if the revoke had come first).
   */
  async #moveAcrossSlots(from: string, to: string, expected: string, fence: string): Promise<boolean | [number, string]> {
    const taken = (await TAKE.run(this.#client, [from], [expected], true)) as [Buffer, Buffer] | [number, Buffer] | null;
    if (!taken) return false;
    if (typeof taken[0] === "number") return [taken[0], taken[1].toString()];
    const [dump, expires] = taken as [Buffer, Buffer];
    // The TTL left on the application's clock; RESTORE's 0 would mean "never expires".
    const ttl = Number(expires.toString()) - this.#now();
    if (!(ttl > 0)) return false;
    try {
      await this.#client.restore(to, ttl, dump, "REPLACE");
    } catch (err) {
      await this.#client.restore(from, ttl, dump).catch(() => undefined);
      throw err;
    }
    if (expected !== "=" && (await this.#subjects.fence(decodeString(expected.slice(1)))) !== fence) {
      await this.#client.del(to);
      return false;
    }
    return true;
  }

  async #call<T>(what: string, work: () => Promise<T>): Promise<T> {
    // A user's client may queue commands while disconnected and send them after our deadline
    // has told the caller they failed: a late write could then undo a newer one. Never queue.
    if (this.#client.status !== "ready") {
      throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `${what} failed: the connection is ${this.#client.status}, not ready`, { source: NAME });
    }
    try {
      return await withDeadline(work(), this.#timeout, NAME, what);
    } catch (err) {
      throw storeUnavailable(NAME, err, `${what} failed`);
    }
  }

  #key(key: string): string {
    this.#open();
    assertStorageKey(key, NAME);
    return this.#prefix + key;
  }

  #open(): void {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the provider is closed", { source: NAME });
  }
}

/**
 * Opens a Redis provider from the seed's config (string or {@link RedisProviderOptions}) and waits
 * until it is connected. A `now` in the factory options (the Manager's clock, when core hands it
 * over) is used unless the config names its own.
 */
export async function redisProvider(options: ProviderOptions | RedisProviderOptions | string = {}): Promise<RedisProvider> {
  const fromManager = typeof options === "object" && options !== null && "maxLifetime" in options;
  const config = fromManager ? options.config : options;
  const resolved = resolveConfig(config);
  const managerNow = fromManager ? (options as { now?: unknown }).now : undefined;
  const ownNow = typeof config === "object" && config !== null && (config as { now?: unknown }).now !== undefined;
  if (typeof managerNow === "function" && !ownNow) resolved.now = managerNow as () => number;
  const provider = new RedisProvider(await connect(resolved), resolved);
  await withDeadline(preloadScripts(provider.nodes(), SUBJECT_SCRIPTS), resolved.commandTimeoutMs, NAME, "script load").catch(() => undefined);
  return provider;
}
