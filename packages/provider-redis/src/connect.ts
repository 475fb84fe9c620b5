import { SessError, SessErrorCode } from "@sess/core/provider";
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";
import { assertPasswordRequired, probeTargetOf } from "./auth-probe.js";
import type { ResolvedConfig, Target } from "./config.js";

const SOURCE = "redis";

/** A connected client and whether the provider owns (and so closes) it. */
export interface Connection {
  client: Redis | Cluster;
  owned: boolean;
}

// Reconnect quickly and forever: the provider must recover alone when Redis returns.
const retry = (times: number): number => Math.min(50 * times, 1000);

/** Creates the client the config asks for (or takes the user's) and waits until it is ready. */
export async function connect(config: ResolvedConfig): Promise<Connection> {
  const { target } = config;
  if (target.kind === "client") {
    await waitReady(target.client, config.connectTimeoutMs, false);
    return { client: target.client, owned: false };
  }
  const client = create(target, config);
  // Without a listener an 'error' event would crash the process; failures surface per call instead.
  client.on("error", () => undefined);
  if (client instanceof Cluster) client.on("node error", () => undefined);
  await waitReady(client, config.connectTimeoutMs, true);
  if (target.password !== undefined && (target.username === undefined || target.username === "default")) {
    try {
      const nodes = client instanceof Cluster ? client.nodes("master") : [client];
      await Promise.all(nodes.map((node) => assertPasswordRequired(probeTargetOf(node, target.tls), config.connectTimeoutMs)));
    } catch (err) {
      client.disconnect();
      throw err;
    }
  }
  return { client, owned: true };
}

// Replies that mean the credentials were refused: retrying cannot help, so opening fails at once.
const AUTH_REFUSED = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

function baseOptions(config: ResolvedConfig): RedisOptions {
  return {
    lazyConnect: true,
    // Calls made in the same tick (many concurrent requests) share one write to the socket:
    // under load that is fewer syscalls and less CPU per call, and it changes no semantics.
    enableAutoPipelining: true,
    connectTimeout: config.connectTimeoutMs,
    // No offline queue and no replay: a call made while Redis is away fails at once
    // instead of waiting in memory and running late, after its caller gave up.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    // A connection that stops answering (black hole, paused server) is dropped and reconnected,
    // but only well after a call's own deadline: a single slow reply fails that call alone.
    socketTimeout: config.socketTimeoutMs,
    retryStrategy: retry,
    // A demoted master (Sentinel failover) answers READONLY: reconnect to find the new one.
    reconnectOnError: (err) => err.message.startsWith("READONLY"),
  };
}

function create(target: Exclude<Target, { kind: "client" }>, config: ResolvedConfig): Redis | Cluster {
  const auth: RedisOptions = {};
  if (target.username !== undefined) auth.username = target.username;
  if (target.password !== undefined) auth.password = target.password;
  if (target.tls !== undefined) auth.tls = target.tls;
  if (target.kind === "cluster") {
    const { retryStrategy: _r, enableOfflineQueue: _e, ...redisOptions } = baseOptions(config);
    const options: ClusterOptions = {
      lazyConnect: true,
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: retry,
      // Reconnect a node that restarts without a topology change instead of waiting for MOVED.
      clusterNodeRetryStrategy: retry,
      slotsRefreshTimeout: Math.min(config.connectTimeoutMs, 2000),
      redisOptions: { ...redisOptions, ...auth },
    };
    return new Cluster(target.nodes, options);
  }
  const options: RedisOptions = { ...baseOptions(config), ...auth };
  if (target.db !== undefined) options.db = target.db;
  if (target.kind === "sentinel") {
    options.sentinels = target.sentinels;
    options.name = target.name;
    if (target.sentinelPassword !== undefined) options.sentinelPassword = target.sentinelPassword;
    // Sentinels answer over plain TCP unless told otherwise; reuse TLS for them when the master uses it.
    if (target.tls !== undefined) options.enableTLSForSentinelMode = true;
    options.sentinelRetryStrategy = retry;
    // Subscribe to +switch-master so a failover moves the connection without waiting for an error.
    options.failoverDetector = true;
    return new Redis(options);
  }
  return new Redis({ ...options, host: target.host, port: target.port });
}

/** Resolves when `client` is ready; otherwise rejects STORE_UNAVAILABLE after `ms` (closing it when owned). */
function waitReady(client: Redis | Cluster, ms: number, owned: boolean): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  if (client.status === "end" && !owned) {
    return Promise.reject(new SessError(SessErrorCode.STORE_UNAVAILABLE, "the given client is closed (status end)", { source: SOURCE }));
  }
  return new Promise<void>((resolve, reject) => {
    let lastError: unknown;
    const onError = (err: unknown): void => {
      lastError = err;
      if (!(err instanceof Error && AUTH_REFUSED.test(err.message))) return;
      done();
      if (owned) client.disconnect();
      reject(new SessError(SessErrorCode.INVALID_CONFIG, "authentication failed: the server refused the configured username or password", { source: SOURCE, cause: err }));
    };
    const done = (): void => {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("error", onError);
    };
    const onReady = (): void => {
      done();
      resolve();
    };
    const timer = setTimeout(() => {
      done();
      if (owned) client.disconnect();
      const detail = lastError instanceof Error ? `: ${lastError.message}` : "";
      reject(new SessError(SessErrorCode.STORE_UNAVAILABLE, `could not connect within ${ms} ms${detail}`, { source: SOURCE, cause: lastError }));
    }, ms);
    timer.unref();
    client.on("ready", onReady);
    client.on("error", onError);
    // connect() rejects on the first failed attempt while retries go on; the deadline above decides.
    if (client.status === "wait" || client.status === "end") client.connect().catch(() => undefined);
  });
}
