import {
  SessError,
  SessErrorCode,
  assertStorageKey,
  storeUnavailable,
  withDeadline,
  type ChangeSet,
  type Provider,
  type ProviderOptions,
  type StoredSession,
} from "@sess/core";
import type { Cluster, Redis } from "ioredis";
import { resolveConfig, type ResolvedConfig } from "./config.js";
import { connect, type Connection } from "./connect.js";
import { countKeys } from "./count.js";
import type { RedisProviderOptions } from "./options.js";
import { dataField, decodeRecord, encodeString } from "./record-codec.js";
import { MOVE, TAKE, TOUCH, WRITE, preloadScripts } from "./scripts.js";

const NAME = "redis";

/** A session store on Redis, Redis Cluster or Sentinel: one hash per session, one command per read, one script per write. */
export class RedisProvider implements Provider {
  readonly name = NAME;
  readonly #client: Redis | Cluster;
  readonly #owned: boolean;
  readonly #prefix: string;
  readonly #timeout: number;
  readonly #cluster: boolean;
  readonly #now: () => number;
  /** The seed's pool size when one was configured (informational; see README). */
  readonly poolSize: number | undefined;
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

  async read(key: string): Promise<StoredSession | null> {
    const redisKey = this.#key(key);
    const reply = await this.#call("read", () => this.#client.hgetall(redisKey));
    return decodeRecord(reply, this.#now());
  }

  async exists(key: string): Promise<boolean> {
    const redisKey = this.#key(key);
    return (await this.#call("exists", () => this.#client.exists(redisKey))) === 1;
  }

  async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    const redisKey = this.#key(key);
    if (!Number.isFinite(expiresAt)) throw new SessError(SessErrorCode.INVALID_CONFIG, "write: expiresAt must be a finite epoch-ms number", { source: NAME });
    const setKeys = Object.keys(change.set);
    const at = Math.ceil(expiresAt);
    const args: Array<string | number> = [change.isNew ? "1" : "0", change.clear ? "1" : "0", at, Math.floor(change.createdAt), at - this.#now(), change.deleted.length];
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
    if (!this.#cluster) return (await this.#call("regenerate", () => MOVE.run(this.#client, [from, to], []))) === 1;
    return this.#call("regenerate", () => this.#moveAcrossSlots(from, to));
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
      const counts = await Promise.all(nodes.map((node) => countKeys(node, clientPrefix + this.#prefix, deadline)));
      return counts.reduce((a, b) => a + b, 0);
    } catch (err) {
      throw storeUnavailable(NAME, err, "count failed");
    }
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
   */
  async #moveAcrossSlots(from: string, to: string): Promise<boolean> {
    const taken = (await TAKE.run(this.#client, [from], [], true)) as [Buffer, Buffer] | null;
    if (!taken) return false;
    const [dump, expires] = taken;
    // The TTL left on the application's clock; RESTORE's 0 would mean "never expires".
    const ttl = Number(expires.toString()) - this.#now();
    if (!(ttl > 0)) return false;
    try {
      await this.#client.restore(to, ttl, dump, "REPLACE");
    } catch (err) {
      await this.#client.restore(from, ttl, dump).catch(() => undefined);
      throw err;
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
  await withDeadline(preloadScripts(provider.nodes()), resolved.commandTimeoutMs, NAME, "script load").catch(() => undefined);
  return provider;
}
