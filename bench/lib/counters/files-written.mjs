import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/** How many files under `dir` changed (data or metadata: ctime) at or after `sinceMs`: a file store's writes over a window. ctime, because a store may keep expiry in the mtime. */
export async function filesWrittenSince(dir, sinceMs) {
  let count = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const info = await stat(path.join(entry.parentPath ?? entry.path, entry.name)).catch(() => undefined);
    if (info && info.ctimeMs >= sinceMs) count++;
  }
  return count;
}
