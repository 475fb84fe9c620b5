import type { Cluster, Redis } from "ioredis";
import { DEFAULTS, type RedisAddress, type RedisProviderOptions } from "./options.js";
import { hostOf, invalid, portOf, type HostPort } from "./validate.js";
import { parseRedisUrl, parseSeedString, type ServerSettings } from "./config-strings.js";


/** Where the provider's connection comes from. */
export type Target =
  | { kind: "client"; client: Redis | Cluster }
  | ({ kind: "standalone" } & HostPort & ServerSettings)
  | ({ kind: "sentinel"; sentinels: HostPort[]; name: string; sentinelPassword?: string } & ServerSettings)
  | ({ kind: "cluster"; nodes: HostPort[] } & ServerSettings);

/** The provider config after validation. */
export interface ResolvedConfig {
  target: Target;
  prefix: string;
  commandTimeoutMs: number;
  socketTimeoutMs: number;
  connectTimeoutMs: number;
  now: () => number;
  /** The seed's pool size when one was given; informational (one multiplexed connection is used). */
  poolSize: number | undefined;
}

const PREFIX = /^[A-Za-z0-9:_.\-/|]{1,64}$/;
const KNOWN = new Set<string>([
  "client", "url", "host", "port", "username", "password", "db", "tls", "prefix", "sentinels", "name",
  "sentinelPassword", "cluster", "commandTimeoutMs", "socketTimeoutMs", "connectTimeoutMs", "poolSize", "now",
]);

/** Validates the seed's config (undefined, a string, or a {@link RedisProviderOptions} object). */
export function resolveConfig(config: unknown): ResolvedConfig {
  if (config === undefined || config === null || config === "") return resolveOptions({});
  if (typeof config === "string") return resolveOptions({ url: config });
  if (typeof config !== "object" || Array.isArray(config)) {
    invalid(`expected a config string or an options object, got ${Array.isArray(config) ? "an array" : typeof config}`);
  }
  return resolveOptions(config);
}

function resolveOptions(options: RedisProviderOptions): ResolvedConfig {
  const unknown = Object.keys(options).filter((k) => !KNOWN.has(k));
  if (unknown.length) invalid(`unknown option(s): ${unknown.join(", ")}`);
  const prefix = options.prefix ?? DEFAULTS.prefix;
  if (typeof prefix !== "string" || !PREFIX.test(prefix)) {
    invalid("prefix must be 1 to 64 characters from A-Z a-z 0-9 : _ . - / | (no glob or hash-tag characters)");
  }
  const commandTimeoutMs = bounded("commandTimeoutMs", options.commandTimeoutMs, DEFAULTS.commandTimeoutMs, 60_000);
  const connectTimeoutMs = bounded("connectTimeoutMs", options.connectTimeoutMs, DEFAULTS.connectTimeoutMs, 120_000);
  const socketTimeoutMs = bounded("socketTimeoutMs", options.socketTimeoutMs, 3 * commandTimeoutMs, 600_000);
  // Equal deadlines let one late reply drop the shared connection and fail every call in flight.
  if (socketTimeoutMs < 2 * commandTimeoutMs) invalid(`socketTimeoutMs must be at least 2 × commandTimeoutMs (${2 * commandTimeoutMs})`);
  const now = options.now ?? Date.now;
  if (typeof now !== "function") invalid('"now" must be a function returning epoch milliseconds');
  const { target, poolSize } = resolveTarget(options);
  return { target, prefix, commandTimeoutMs, socketTimeoutMs, connectTimeoutMs, poolSize, now };
}

function resolveTarget(options: RedisProviderOptions): { target: Target; poolSize: number | undefined } {
  const connectionFields = ["url", "host", "port", "username", "password", "db", "tls", "sentinels", "name", "sentinelPassword", "cluster", "poolSize"] as const;
  if (options.client !== undefined) {
    const extra = connectionFields.filter((k) => options[k] !== undefined);
    if (extra.length) invalid(`"client" cannot be combined with ${extra.join(", ")}`);
    if (!isClient(options.client)) invalid('"client" must be an ioredis Redis or Cluster instance');
    return { target: { kind: "client", client: options.client }, poolSize: undefined };
  }
  let base: ServerSettings & Partial<HostPort> = {};
  let poolSize = options.poolSize;
  if (options.url !== undefined) {
    if (typeof options.url !== "string") invalid('"url" must be a string');
    const fromString = /^rediss?:\/\//i.test(options.url) ? parseRedisUrl(options.url) : parseSeedString(options.url);
    poolSize = poolSize ?? fromString.poolSize;
    base = fromString.settings;
  }
  if (poolSize !== undefined && !(Number.isInteger(poolSize) && poolSize > 0 && poolSize <= 10_000)) {
    invalid("poolSize must be an integer from 1 to 10000");
  }
  const settings = mergeSettings(base, options);
  if (options.cluster !== undefined && options.sentinels !== undefined) invalid('"cluster" and "sentinels" are exclusive');
  if (options.cluster !== undefined) {
    if (settings.db !== undefined && settings.db !== 0) invalid("Redis Cluster has only database 0");
    const { host: _h, port: _p, db: _d, ...rest } = settings;
    return { target: { kind: "cluster", nodes: addresses("cluster", options.cluster), ...rest }, poolSize };
  }
  if (options.sentinels !== undefined) {
    if (typeof options.name !== "string" || options.name === "") invalid('"sentinels" needs "name", the master group name');
    if (options.sentinelPassword !== undefined && typeof options.sentinelPassword !== "string") invalid('"sentinelPassword" must be a string');
    const { host: _h, port: _p, ...rest } = settings;
    const target: Target = { kind: "sentinel", sentinels: addresses("sentinels", options.sentinels), name: options.name, ...rest };
    if (options.sentinelPassword !== undefined) target.sentinelPassword = options.sentinelPassword;
    return { target, poolSize };
  }
  if (options.name !== undefined) invalid('"name" is only used with "sentinels"');
  const { host = DEFAULTS.host, port = DEFAULTS.port, ...rest } = settings;
  return { target: { kind: "standalone", host, port, ...rest }, poolSize };
}

function mergeSettings(base: ServerSettings & Partial<HostPort>, o: RedisProviderOptions): ServerSettings & Partial<HostPort> {
  const out = { ...base };
  if (o.host !== undefined) out.host = hostOf("host", o.host);
  if (o.port !== undefined) out.port = portOf("port", o.port);
  if (o.username !== undefined) {
    if (typeof o.username !== "string") invalid('"username" must be a string');
    out.username = o.username;
  }
  if (o.password !== undefined) {
    if (typeof o.password !== "string") invalid('"password" must be a string');
    out.password = o.password;
  }
  if (o.db !== undefined) {
    if (!(Number.isInteger(o.db) && o.db >= 0 && o.db <= 65535)) invalid('"db" must be an integer from 0 to 65535');
    out.db = o.db;
  }
  if (o.tls !== undefined) {
    if (o.tls === false) delete out.tls;
    else if (o.tls === true) out.tls = {};
    else if (typeof o.tls === "object" && o.tls !== null) out.tls = o.tls;
    else invalid('"tls" must be a boolean or an options object');
  }
  return out;
}

function addresses(field: string, list: unknown): HostPort[] {
  if (!Array.isArray(list) || list.length === 0) invalid(`"${field}" must be a non-empty array of "host:port" or { host, port }`);
  return (list as RedisAddress[]).map((a) => {
    if (typeof a === "string") {
      const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(a);
      if (!m) invalid(`"${field}" entries must look like "host:port"`);
      return { host: hostOf(field, m[1]!.replace(/^\[|\]$/g, "")), port: portOf(field, Number(m[2])) };
    }
    if (typeof a !== "object" || a === null) invalid(`"${field}" entries must be "host:port" or { host, port }`);
    return { host: hostOf(field, a.host), port: portOf(field, a.port) };
  });
}

function bounded(field: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === "number" && Number.isFinite(value) && value >= 1 && value <= max)) invalid(`${field} must be a number from 1 to ${max}`);
  return value;
}

function isClient(value: unknown): value is Redis | Cluster {
  const c = value as { hgetall?: unknown; evalsha?: unknown; status?: unknown } | null;
  return typeof c === "object" && c !== null && typeof c.hgetall === "function" && typeof c.evalsha === "function" && typeof c.status === "string";
}
