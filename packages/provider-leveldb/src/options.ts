import path from "node:path";
import type { ProviderOptions, SessError } from "@sess/core/provider";
import type { ClassicLevel } from "classic-level";
import { invalidConfig } from "./store-errors.js";

/** A classic-level database the application opened itself; the provider uses it and never closes it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any key/value encoding: the provider names its own per sublevel
export type LevelDatabase = ClassicLevel<any, any>;

/** Options of the LevelDB provider; the seed's config string is the same as `{ path }`. */
export interface LeveldbProviderOptions {
  /** The database directory (created when missing); relative paths resolve against the working directory. One process owns it. */
  path?: string;
  /** An open (or opening) classic-level database to use instead of `path`; the provider does not close it. */
  db?: LevelDatabase;
  /** The sublevel sessions live under, so a shared database keeps them apart from other data (default "sess"). */
  namespace?: string;
  /** fsync LevelDB's log on every write, so a power cut loses no acknowledged write (default false: a killed process loses none either way). */
  durable?: boolean;
  /**
   * Read records with classic-level's `getSync` (default true): a lookup LevelDB answers from its caches costs
   * far less than the thread-pool round trip of `get`. Set false when the database is much larger than memory,
   * so a read that must wait on the disk does not hold up the event loop.
   */
  syncReads?: boolean;
  /** Called with a SessError when a stored value is corrupt or foreign; never throws into a request. Default: `process.emitWarning`. */
  onError?: (err: SessError) => void;
  /** The clock, epoch milliseconds (default: the Manager's clock, else `Date.now`); tests inject one. */
  now?: () => number;
}

/** Options with every default filled in; exactly one of `path` and `db` is set. */
export interface ResolvedOptions {
  /** The resolved directory when the provider opens the database itself. */
  path: string | undefined;
  /** The user's database, when given. */
  db: LevelDatabase | undefined;
  /** The sublevel name. */
  namespace: string;
  /** Whether every write is synced. */
  durable: boolean;
  /** Whether reads use getSync. */
  syncReads: boolean;
  /** The error hook. */
  onError: (err: SessError) => void;
  /** The clock. */
  now: () => number;
}

function defaultOnError(err: SessError): void {
  process.emitWarning(err.message, { type: "SessWarning", code: err.code });
}

function isDatabase(value: unknown): value is LevelDatabase {
  return typeof value === "object" && value !== null && ["get", "batch", "sublevel", "open"].every((m) => typeof (value as Record<string, unknown>)[m] === "function");
}

/** Parses the seed's config (a directory string or a {@link LeveldbProviderOptions} object) into resolved options. */
export function resolveOptions(input: ProviderOptions | LeveldbProviderOptions | string): ResolvedOptions {
  const fromManager = typeof input === "object" && input !== null && "maxLifetime" in input ? input : undefined;
  const config: unknown = fromManager ? fromManager.config : input;
  if (typeof config !== "string" && (typeof config !== "object" || config === null)) {
    throw invalidConfig(`expected a database directory or an options object, got ${config === null ? "null" : typeof config}`);
  }
  const raw: Partial<LeveldbProviderOptions> = typeof config === "string" ? { path: config } : config;
  if (raw.db !== undefined && raw.path !== undefined) throw invalidConfig("pass either path or db, not both");
  if (raw.db !== undefined && !isDatabase(raw.db)) throw invalidConfig("db must be a classic-level database");
  if (raw.db === undefined) {
    if (typeof raw.path !== "string" || raw.path.trim() === "") throw invalidConfig('the database directory is missing: pass a path ("./sessions-db"), { path } or { db }');
    if (raw.path.includes("\0")) throw invalidConfig("the database path contains a NUL byte");
  }
  const namespace = raw.namespace ?? "sess";
  if (typeof namespace !== "string" || !/^[a-z0-9_.-]{1,64}$/i.test(namespace)) {
    throw invalidConfig(`namespace must be 1 to 64 letters, digits, "_", "." or "-", got ${JSON.stringify(namespace) ?? typeof namespace}`);
  }
  if (raw.durable !== undefined && typeof raw.durable !== "boolean") throw invalidConfig("durable must be a boolean");
  if (raw.syncReads !== undefined && typeof raw.syncReads !== "boolean") throw invalidConfig("syncReads must be a boolean");
  if (raw.onError !== undefined && typeof raw.onError !== "function") throw invalidConfig("onError must be a function");
  if (raw.now !== undefined && typeof raw.now !== "function") throw invalidConfig("now must be a function");
  return {
    path: raw.db === undefined ? path.resolve(raw.path!) : undefined,
    db: raw.db,
    namespace,
    durable: raw.durable ?? false,
    syncReads: raw.syncReads ?? true,
    onError: raw.onError ?? defaultOnError,
    // The clock rule: the Manager's clock decides whether a record is live, unless the config names one.
    now: raw.now ?? fromManager?.now ?? Date.now,
  };
}
