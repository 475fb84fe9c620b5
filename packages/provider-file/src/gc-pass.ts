import { lstat, unlink } from "node:fs/promises";
import path from "node:path";
import { hasCode } from "./fs-errors.js";
import type { KeyPaths } from "./key-paths.js";
import { breakIfStale } from "./lock-file.js";
import type { ResolvedOptions } from "./options.js";
import { loadRecord } from "./record-file.js";
import { forEachFile } from "./tree-walk.js";

const RECORD = /^([0-9a-f]{64})\.json$/;
const LOCK = /^([0-9a-f]{64})\.lock$/;
const TEMP = /^\.([0-9a-f]{64})\.\d+\.[0-9a-f]+\.tmp$/;
const STALE_ASIDE = /^([0-9a-f]{64})\.lock\.stale-\d+-[0-9a-f]+$/;
const CORRUPT = /^([0-9a-f]{64})\.corrupt-\d+$/;

/** Removes an expired or corrupt record under its lock after re-reading it; resolves whether an expired record went. */
export type DropIfDead = (key: string) => Promise<boolean>;

/** Whether `name` in `dir` belongs to `key`'s own shard (a misplaced file is left alone). */
function inPlace(paths: KeyPaths, dir: string, key: string): boolean {
  return paths.shard(key) === dir;
}

/** The age of a file in ms by its ctime (a temp file's mtime is already set to the record's future expiry), or undefined when it is gone. */
async function ageOf(file: string): Promise<number | undefined> {
  try {
    return Date.now() - (await lstat(file)).ctimeMs;
  } catch (err) {
    if (hasCode(err, "ENOENT")) return undefined;
    throw err;
  }
}

async function unlinkIfOlder(file: string, maxAgeMs: number): Promise<void> {
  const age = await ageOf(file);
  if (age === undefined || age <= maxAgeMs) return;
  await unlink(file).catch((err: unknown) => {
    if (!hasCode(err, "ENOENT")) throw err;
  });
}

/** Whether a record's mtime (the expiry its last write or touch set) is still ahead: then it is live without being read. */
async function liveByMtime(file: string, opts: ResolvedOptions): Promise<boolean | undefined> {
  let stat;
  try {
    stat = await lstat(file);
  } catch (err) {
    if (hasCode(err, "ENOENT")) return undefined;
    throw err;
  }
  return stat.isFile() && stat.nlink === 1 && Math.round(stat.mtimeMs) > opts.now();
}

/** Whether a record is live, reading it only when its mtime has passed (the JSON's `expiresAt` is a lower bound). */
async function isLive(file: string, opts: ResolvedOptions): Promise<boolean> {
  const byMtime = await liveByMtime(file, opts);
  if (byMtime !== false) return byMtime === true;
  const seen = await loadRecord(file, opts.maxRecordBytes);
  return seen.kind === "ok" && seen.record.expiry > opts.now();
}

/** Counts live records by streaming the tree: one lstat per record, plus a read for those whose mtime has passed. */
export async function countLive(paths: KeyPaths, opts: ResolvedOptions): Promise<number> {
  let live = 0;
  await forEachFile(paths.root, opts.shardDepth, async (dir, name) => {
    const key = RECORD.exec(name)?.[1];
    if (key === undefined || !inPlace(paths, dir, key)) return;
    if (await isLive(path.join(dir, name), opts)) live++;
  });
  return live;
}

/**
 * One GC pass without a global lock: expired records are removed under their own
 * lock after a re-check, corrupt ones quarantined; temporary files older than
 * strayTempMs, stale locks, leftovers of lock takeovers and quarantined records
 * older than quarantineMs are deleted. Several processes may run it at once: each
 * removal is counted only by the process whose unlink succeeded.
 */
export async function collectGarbage(paths: KeyPaths, opts: ResolvedOptions, dropIfDead: DropIfDead): Promise<number> {
  let removed = 0;
  await forEachFile(paths.root, opts.shardDepth, async (dir, name) => {
    const file = path.join(dir, name);
    const key = RECORD.exec(name)?.[1];
    if (key !== undefined) {
      if (!inPlace(paths, dir, key)) return;
      // Past its mtime: the lock-holding re-read decides (the JSON may still say live).
      if ((await liveByMtime(file, opts)) === false && (await dropIfDead(key))) removed++;
      return;
    }
    const other = LOCK.exec(name) ?? TEMP.exec(name) ?? STALE_ASIDE.exec(name) ?? CORRUPT.exec(name);
    if (!other?.[1] || !inPlace(paths, dir, other[1])) return;
    if (LOCK.test(name)) await breakIfStale(file, opts);
    else if (TEMP.test(name)) await unlinkIfOlder(file, opts.strayTempMs);
    else if (STALE_ASIDE.test(name)) await unlinkIfOlder(file, opts.staleLockMs);
    else await unlinkIfOlder(file, opts.quarantineMs);
  });
  return removed;
}
