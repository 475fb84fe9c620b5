import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, realpath, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { SessError, SessErrorCode, type ProviderOptions } from "@sess/core/provider";
import { FileProvider } from "./file-provider.js";
import { NAME, hasCode } from "./fs-errors.js";
import { resolveOptions, type FileProviderOptions } from "./options.js";

// A time with a millisecond fraction: if it reads back exactly, the file system keeps mtimes to the millisecond.
const PROBE_MTIME_MS = 1_700_000_000_123;

/**
 * Opens a file provider: creates the directory (recursively, with `dirMode`),
 * resolves its real path, and proves it writable with a probe file. A path that
 * cannot be a directory rejects INVALID_CONFIG; one that cannot be created or
 * written rejects STORE_UNAVAILABLE. Both messages name the path.
 */
export async function fileProvider(options: ProviderOptions | FileProviderOptions | string): Promise<FileProvider> {
  // workerd (nodejs_compat) lends a Worker a file system that lasts one request: every
  // session would be written, then silently gone on the next request.
  if ((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === "Cloudflare-Workers") {
    throw new SessError(
      SessErrorCode.UNSUPPORTED,
      "the file provider cannot run on Cloudflare Workers: a Worker's file system lasts one request, so every session would be lost; use @sess/provider-cookie or a store reached over the network",
      { source: NAME },
    );
  }
  const opts = resolveOptions(options);
  const dir = opts.dir;
  try {
    await mkdir(dir, { recursive: true, mode: opts.dirMode });
  } catch (err) {
    if (hasCode(err, "ENOTDIR", "EEXIST")) {
      throw new SessError(SessErrorCode.INVALID_CONFIG, `cannot use ${dir} as the session directory: a part of the path is a file`, { source: NAME, cause: err });
    }
    throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `cannot create the session directory ${dir}`, { source: NAME, cause: err });
  }
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await lstat(root)).isDirectory()) throw new Error("not a directory");
  } catch (err) {
    throw new SessError(SessErrorCode.INVALID_CONFIG, `cannot use ${dir} as the session directory: it is not a directory`, { source: NAME, cause: err });
  }
  const touchByMtime = await probe(root);
  return new FileProvider(opts, root, touchByMtime);
}

/** Creates, stamps and removes a probe file; resolves whether mtimes keep milliseconds. */
async function probe(root: string): Promise<boolean> {
  const file = path.join(root, `.probe.${process.pid}.${randomBytes(6).toString("hex")}`);
  try {
    const handle = await open(file, "wx", 0o600);
    try {
      await handle.writeFile("probe");
      await handle.utimes(PROBE_MTIME_MS / 1000, PROBE_MTIME_MS / 1000);
    } finally {
      await handle.close();
    }
    const { mtimeMs } = await stat(file);
    await unlink(file);
    return Math.round(mtimeMs) === PROBE_MTIME_MS;
  } catch (err) {
    await unlink(file).catch(() => undefined);
    throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `the session directory ${root} is not writable`, { source: NAME, cause: err });
  }
}
