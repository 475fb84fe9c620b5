import type { Cluster, Redis } from "ioredis";

/** A Redis address: "host:port" or `{ host, port }`. */
export type RedisAddress = string | { host: string; port: number };

/** The options object accepted as the provider config (every field optional). */
export interface RedisProviderOptions {
  /** An existing ioredis `Redis` or `Cluster` client to use; the provider never closes it. */
  client?: Redis | Cluster;
  /** A `redis://` or `rediss://` URL, or the seed's "host:port,poolSize,password[,db]" string. */
  url?: string;
  /** Host of a single Redis server (default 127.0.0.1 when nothing else names a server). */
  host?: string;
  /** Port of a single Redis server (default 6379). */
  port?: number;
  /** ACL user name (Redis 6+). */
  username?: string;
  /** Password sent with AUTH; never echoed in errors. */
  password?: string;
  /** Database number (single server and Sentinel only; Cluster has only database 0). */
  db?: number;
  /** TLS: `true` or Node `tls.connect` options; `rediss://` URLs turn it on. */
  tls?: boolean | Record<string, unknown>;
  /** Key prefix (default "sess:"): 1 to 64 characters from `A-Z a-z 0-9 : _ . - / |`. */
  prefix?: string;
  /** Sentinel addresses; with `name`, the provider asks them for the current master. */
  sentinels?: RedisAddress[];
  /** The Sentinel master group name (`sentinel monitor <name> ...`). */
  name?: string;
  /** Password for the sentinels themselves, when they require one. */
  sentinelPassword?: string;
  /** Cluster startup nodes: the provider opens an ioredis `Cluster`. */
  cluster?: RedisAddress[];
  /** Deadline for each provider call in milliseconds (default 2000, 1..60000). */
  commandTimeoutMs?: number;
  /**
   * How long the connection may stay silent with replies owed before it is dropped and
   * reconnected, in milliseconds (default 3 × commandTimeoutMs; at least 2 × commandTimeoutMs,
   * so one slow reply fails its own call without tearing down the calls sharing the connection).
   */
  socketTimeoutMs?: number;
  /** How long opening may take before it rejects STORE_UNAVAILABLE, in milliseconds (default 5000, 1..120000). */
  connectTimeoutMs?: number;
  /** The seed's pool size: validated and reported, but one multiplexed connection is used (see README). */
  poolSize?: number;
  /** The application's clock, epoch ms (default `Date.now`): expiry is judged on it, never on Redis's clock. */
  now?: () => number;
}

/** Defaults applied when an option is not given. */
export const DEFAULTS = {
  prefix: "sess:",
  commandTimeoutMs: 2000,
  connectTimeoutMs: 5000,
  host: "127.0.0.1",
  port: 6379,
} as const;
