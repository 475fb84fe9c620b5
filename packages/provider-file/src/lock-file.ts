import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, lstat, open, readlink, rename, symlink, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { SessError, SessErrorCode } from "@sess/core/provider";
import { NAME, hasCode, report } from "./fs-errors.js";

/** Who holds a lock, as the lock's symlink target (or file content) says: `<pid>.<host id>.<token>`. */
interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

/** What the lock scheme needs to know. */
export interface LockSettings {
  lockTimeoutMs: number;
  staleLockMs: number;
  checkOwnerPid: boolean;
  onError: (err: SessError) => void;
}

// A short digest of the host name keeps the owner text under 60 bytes, which ext4
// stores inside the inode of a symbolic link (a longer target costs a data block).
const HOST = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);

/** The owner text of a lock taken by `pid` on this host: `<pid>.<host id>.<token>`. */
export function ownerText(pid: number, token: string): string {
  return `${pid}.${HOST}.${token}`;
}

function parseOwner(text: string): LockOwner | undefined {
  const match = /^(\d+)\.([0-9a-f]{8})\.([0-9a-z]+)$/.exec(text);
  return match ? { pid: Number(match[1]), host: match[2]!, token: match[3]! } : undefined;
}
const CREATE = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0);
const READ = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** A held per-session lock; release it exactly once. */
export class HeldLock {
  readonly #path: string;
  readonly #token: string;
  readonly #since = performance.now();
  readonly #staleMs: number;

  constructor(path: string, token: string, staleMs: number) {
    this.#path = path;
    this.#token = token;
    this.#staleMs = staleMs;
  }

  /** Throws STORE_UNAVAILABLE when the lock may have been taken over because this holder was too slow. */
  async assertHeld(): Promise<void> {
    if (performance.now() - this.#since < this.#staleMs / 2) return;
    const owner = await readOwner(this.#path).catch(() => undefined);
    if (owner?.owner?.token !== this.#token) {
      throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `lost the lock ${this.#path}: the operation outlived staleLockMs`, { source: NAME });
    }
  }

  /** Removes the lock file, unless another process took it over (only possible after staleLockMs). */
  async release(): Promise<void> {
    try {
      if (performance.now() - this.#since >= this.#staleMs / 2) {
        const owner = await readOwner(this.#path);
        if (owner?.owner?.token !== this.#token) return;
      }
      await unlink(this.#path);
    } catch (err) {
      if (!hasCode(err, "ENOENT")) throw err;
    }
  }
}

/**
 * Acquires `lockPath` with O_CREAT|O_EXCL, retrying with jittered backoff up to
 * `lockTimeoutMs` (then STORE_UNAVAILABLE). With `once`, resolves null instead of
 * waiting. A missing directory rejects with the raw ENOENT so the caller can
 * decide whether to create it.
 */
export async function acquireLock(lockPath: string, settings: LockSettings, once = false): Promise<HeldLock | null> {
  const deadline = performance.now() + settings.lockTimeoutMs;
  let delay = 1;
  for (;;) {
    const token = randomBytes(8).toString("hex");
    if (await tryCreate(lockPath, token)) return new HeldLock(lockPath, token, settings.staleLockMs);
    if (await breakIfStale(lockPath, settings)) continue;
    if (once) return null;
    const left = deadline - performance.now();
    if (left <= 0) {
      throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `timed out after ${settings.lockTimeoutMs} ms waiting for the lock ${lockPath}`, { source: NAME });
    }
    await sleep(Math.min(left, delay * (0.5 + Math.random())));
    delay = Math.min(delay * 2, 20);
  }
}

/**
 * Publishes a complete lock in one step: a symbolic link whose target text is the
 * owner (the trick Emacs uses for its lock files). symlink(2) fails with EEXIST
 * when the lock exists, like O_CREAT|O_EXCL, and the lock never exists
 * half-written, so a crash cannot leave an ownerless lock. The link is only ever
 * read with readlink, never followed. Where symbolic links are not allowed
 * (Windows without the privilege, some network file systems) the owner is written
 * to a private temporary file that is hard-linked into place instead.
 */
async function tryCreate(lockPath: string, token: string): Promise<boolean> {
  const owner = ownerText(process.pid, token);
  if (symlinksWork) {
    try {
      await symlink(owner, lockPath);
      return true;
    } catch (err) {
      if (hasCode(err, "EEXIST")) return false;
      if (!hasCode(err, "EPERM", "ENOSYS", "EOPNOTSUPP", "ENOTSUP")) throw err;
      symlinksWork = false;
    }
  }
  return tryCreateByLink(lockPath, token, owner);
}

let symlinksWork = true;

/** Test hook (not exported by the package): force the hard-link form of locks, as on a file system without symlinks. */
export function useHardLinkLocks(on: boolean): void {
  symlinksWork = !on;
}

async function tryCreateByLink(lockPath: string, token: string, owner: string): Promise<boolean> {
  const temp = path.join(path.dirname(lockPath), `.${path.basename(lockPath, ".lock")}.${process.pid}.${token}.tmp`);
  const handle = await open(temp, CREATE, 0o600);
  try {
    await handle.writeFile(owner);
    await handle.close();
    await link(temp, lockPath);
    return true;
  } catch (err) {
    await handle.close().catch(() => undefined);
    if (hasCode(err, "EEXIST")) return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** The lock's identity and owner text (a symlink's target, or a file's content); owner undefined when garbled; undefined when gone. */
async function readOwner(file: string): Promise<{ ino: number; mtimeMs: number; text: string; owner: LockOwner | undefined } | undefined> {
  let text: string;
  let stat;
  try {
    stat = await lstat(file);
    if (stat.isSymbolicLink()) text = await readlink(file, "utf8");
    else if (stat.isFile() && stat.size <= 4096) text = await readSmallFile(file);
    else text = "";
  } catch (err) {
    if (hasCode(err, "ENOENT")) return undefined;
    throw err;
  }
  return { ino: stat.ino, mtimeMs: stat.mtimeMs, text, owner: parseOwner(text) };
}

async function readSmallFile(file: string): Promise<string> {
  const handle = await open(file, READ);
  try {
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return !hasCode(err, "ESRCH");
  }
}

/** Stale: older than staleLockMs, or (with checkOwnerPid) its owner's pid is gone on this host. */
function isStale(seen: { mtimeMs: number; owner: LockOwner | undefined }, settings: LockSettings): boolean {
  if (Date.now() - seen.mtimeMs > settings.staleLockMs) return true;
  return settings.checkOwnerPid && seen.owner !== undefined && seen.owner.host === HOST && !pidAlive(seen.owner.pid);
}

/**
 * Removes a stale lock safely against other processes doing the same: rename it
 * to a unique name (only one renamer can win), then check that what was moved is
 * the very file judged stale (inode, mtime, content). If a fresh lock was moved
 * by mistake (someone replaced the stale one in between), link it back.
 * Resolves true when the caller should retry at once.
 */
export async function breakIfStale(lockPath: string, settings: LockSettings): Promise<boolean> {
  const seen = await readOwner(lockPath);
  if (seen === undefined) return true;
  if (!isStale(seen, settings)) return false;
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(6).toString("hex")}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if (hasCode(err, "ENOENT")) return true;
    throw err;
  }
  const moved = await readOwner(aside);
  if (moved === undefined) return true;
  if (moved.ino === seen.ino && moved.mtimeMs === seen.mtimeMs && moved.text === seen.text) {
    await unlink(aside).catch(() => undefined);
    return true;
  }
  try {
    await link(aside, lockPath);
  } catch (err) {
    report(settings.onError, new SessError(SessErrorCode.STORE_UNAVAILABLE, `could not restore the lock ${lockPath} moved during stale-lock recovery`, { source: NAME, cause: err }));
  }
  await unlink(aside).catch(() => undefined);
  return false;
}
