import { constants } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import path from "node:path";

const CREATE = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0);

/** How one atomic write is done. */
export interface AtomicWrite {
  /** The file to replace. */
  target: string;
  /** A fresh name in the same directory (same file system, so the rename is atomic). */
  temp: string;
  text: string;
  mode: number;
  /** The file's mtime, epoch ms: the record's expiry. */
  mtimeMs: number;
  /** fsync the data before the rename and the directory after it. */
  durable: boolean;
  /** Last check before the rename makes the new content visible (the lock is still ours). */
  beforeCommit?: () => Promise<void>;
}

/**
 * Writes `text` to a temporary file and renames it over `target`. A crash at any
 * point leaves either the old file or the new one, never a torn one; a failure
 * removes the temporary file and leaves the old record as it was.
 */
export async function writeAtomic(job: AtomicWrite): Promise<void> {
  const handle = await open(job.temp, CREATE, job.mode);
  try {
    await handle.writeFile(job.text, "utf8");
    // The mtime carries the expiry so that `touch` can move it without rewriting data.
    await handle.utimes(Date.now() / 1000, job.mtimeMs / 1000);
    if (job.durable) await handle.sync();
    await handle.close();
    await job.beforeCommit?.();
    await rename(job.temp, job.target);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(job.temp).catch(() => undefined);
    throw err;
  }
  if (job.durable) await syncDir(path.dirname(job.target));
}

/** fsyncs a directory so a rename or unlink in it survives a power cut. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
