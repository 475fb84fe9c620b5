import path from "node:path";
import { SessError, SessErrorCode, type ProviderOptions } from "@sess/core/provider";

/** Options of the file provider; the seed's config string is the same as `{ dir }`. */
export interface FileProviderOptions {
  /** The root directory; created (recursively, with `dirMode`) when missing. Relative paths resolve against the working directory. */
  dir: string;
  /** Mode of record files (default 0o600). */
  fileMode?: number;
  /** Mode of the root and shard directories this provider creates (default 0o700). */
  dirMode?: number;
  /** Shard levels of two hex digits each between the root and the record: 0 to 4, default 1 (`<dir>/ab/<key>.json`); 2 gives `<dir>/ab/cd/<key>.json` for tens of millions of sessions. */
  shardDepth?: number;
  /** fsync the record before the rename and the directory after it, so a power cut loses no acknowledged write (default false). */
  durable?: boolean;
  /** How long a write waits for another process's per-session lock before rejecting with STORE_UNAVAILABLE (default 5000 ms). */
  lockTimeoutMs?: number;
  /** A lock older than this is taken over even when its owner seems alive (default 10000 ms); a lock whose owner died on this host is taken over at once. */
  staleLockMs?: number;
  /**
   * Take over a lock at once when its owner's pid is gone on this host (default true). Turn it off
   * when processes in different pid namespaces (containers) share the directory under one host name.
   */
  checkOwnerPid?: boolean;
  /** GC removes temporary files older than this (default 600000 ms: no write takes that long). */
  strayTempMs?: number;
  /** GC removes quarantined corrupt records older than this (default 86400000 ms, one day). */
  quarantineMs?: number;
  /** Records larger than this are treated as corrupt instead of being read into memory (default 16 MiB). */
  maxRecordBytes?: number;
  /** Called with a SessError when a record is corrupt or unsafe, or background cleanup fails; never throws into a request. Default: `process.emitWarning`. */
  onError?: (err: SessError) => void;
  /** The clock, epoch milliseconds; tests inject one. */
  now?: () => number;
}

/** Options with every default filled in and the directory resolved. */
export type ResolvedOptions = Required<FileProviderOptions>;

const NAME = "file";

function invalid(message: string): SessError {
  return new SessError(SessErrorCode.INVALID_CONFIG, message, { source: NAME });
}

function integer(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value) ?? typeof value}`);
  }
  return value;
}

function defaultOnError(err: SessError): void {
  process.emitWarning(err.message, { type: "SessWarning", code: err.code });
}

/** Parses the seed's config (a directory string or a {@link FileProviderOptions} object) into resolved options. */
export function resolveOptions(input: ProviderOptions | FileProviderOptions | string): ResolvedOptions {
  const fromManager = typeof input === "object" && input !== null && "maxLifetime" in input;
  const config: unknown = fromManager ? input.config : input;
  // The clock rule: the Manager's clock decides liveness unless the config names its own.
  const managerNow = fromManager ? (input).now : undefined;
  const raw: Partial<FileProviderOptions> =
    typeof config === "string" ? { dir: config } : typeof config === "object" && config !== null ? config : {};
  if (typeof config !== "string" && (typeof config !== "object" || config === null)) {
    throw invalid(`expected a directory path or an options object, got ${config === null ? "null" : typeof config}`);
  }
  if (typeof raw.dir !== "string" || raw.dir.trim() === "") throw invalid("the directory is missing: pass a path (\"./tmp\") or { dir }");
  if (raw.dir.includes("\0")) throw invalid("the directory path contains a NUL byte");
  if (raw.onError !== undefined && typeof raw.onError !== "function") throw invalid("onError must be a function");
  if (raw.now !== undefined && typeof raw.now !== "function") throw invalid("now must be a function");
  if (raw.durable !== undefined && typeof raw.durable !== "boolean") throw invalid("durable must be a boolean");
  if (raw.checkOwnerPid !== undefined && typeof raw.checkOwnerPid !== "boolean") throw invalid("checkOwnerPid must be a boolean");
  return {
    dir: path.resolve(raw.dir),
    fileMode: integer(raw.fileMode, "fileMode", 0o600, 0, 0o777),
    dirMode: integer(raw.dirMode, "dirMode", 0o700, 0, 0o777),
    shardDepth: integer(raw.shardDepth, "shardDepth", 1, 0, 4),
    durable: raw.durable ?? false,
    lockTimeoutMs: integer(raw.lockTimeoutMs, "lockTimeoutMs", 5000, 1, 600_000),
    staleLockMs: integer(raw.staleLockMs, "staleLockMs", 10_000, 1, 86_400_000),
    checkOwnerPid: raw.checkOwnerPid ?? true,
    strayTempMs: integer(raw.strayTempMs, "strayTempMs", 600_000, 0, Number.MAX_SAFE_INTEGER),
    quarantineMs: integer(raw.quarantineMs, "quarantineMs", 86_400_000, 0, Number.MAX_SAFE_INTEGER),
    maxRecordBytes: integer(raw.maxRecordBytes, "maxRecordBytes", 16 * 1024 * 1024, 64, 2 ** 30),
    onError: raw.onError ?? defaultOnError,
    now: raw.now ?? managerNow ?? Date.now,
  };
}
