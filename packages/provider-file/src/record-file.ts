import { constants } from "node:fs";
import { lstat, open, type FileHandle } from "node:fs/promises";
import type { StoredSession } from "@sess/core/provider";
import { decodeRecord, type DiskRecord } from "./record-codec.js";
import { hasCode } from "./fs-errors.js";

const READ = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** A record read from disk with its effective expiry and file identity. */
export interface LoadedRecord extends DiskRecord {
  /** The effective expiry: the later of the JSON's `expiresAt` and the file's mtime (which `touch` moves). */
  expiry: number;
  ino: number;
}

/** What reading a record file found. */
export type Loaded =
  | { kind: "absent" }
  | { kind: "ok"; record: LoadedRecord }
  | { kind: "corrupt"; reason: string; ino: number };

/**
 * Reads a record without following links: a symbolic link, a directory, a file
 * with several hard links, an oversized file or bad JSON is reported as corrupt,
 * never read through. ENOENT is absent; other errors propagate.
 */
export async function loadRecord(file: string, maxBytes: number): Promise<Loaded> {
  let handle;
  try {
    handle = await open(file, READ);
  } catch (err) {
    if (hasCode(err, "ENOENT")) return { kind: "absent" };
    if (hasCode(err, "ELOOP", "EMLINK")) return corruptAt(file, "the record is a symbolic link");
    throw err;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: "corrupt", reason: "the record is not a regular file", ino: stat.ino };
    if (stat.nlink !== 1) return { kind: "corrupt", reason: "the record has more than one hard link", ino: stat.ino };
    if (stat.size > maxBytes) return { kind: "corrupt", reason: `the record is larger than maxRecordBytes (${maxBytes})`, ino: stat.ino };
    const decoded = decodeRecord(await readAll(handle, stat.size));
    if (typeof decoded === "string") return { kind: "corrupt", reason: decoded, ino: stat.ino };
    const expiry = Math.max(decoded.expiresAt, Math.round(stat.mtimeMs));
    return { kind: "ok", record: { ...decoded, expiry, ino: stat.ino } };
  } finally {
    await handle.close();
  }
}

/** A loaded record as `read` returns it. */
export function storedSession(record: LoadedRecord): StoredSession {
  const data = Object.assign(Object.create(null) as Record<string, string>, record.data);
  const out: StoredSession = { data, createdAt: record.createdAt, expiresAt: record.expiry };
  if (record.subject !== undefined) out.subject = record.subject;
  return out;
}

/**
 * Reads `size` bytes with as few calls as possible (readFile would fstat again and
 * read once more to see the end). A published record never changes in place, so
 * the size from fstat holds.
 */
async function readAll(handle: FileHandle, size: number): Promise<string> {
  const buffer = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const { bytesRead } = await handle.read(buffer, done, size - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.toString("utf8", 0, done);
}

async function corruptAt(file: string, reason: string): Promise<Loaded> {
  try {
    return { kind: "corrupt", reason, ino: (await lstat(file)).ino };
  } catch (err) {
    if (hasCode(err, "ENOENT")) return { kind: "absent" };
    throw err;
  }
}
