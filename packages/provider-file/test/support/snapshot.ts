import { lstat, readdir } from "node:fs/promises";
import path from "node:path";

/** Every path under `dir` with its inode, size, mtime and ctime: any write, rename or unlink changes it. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(dir, { recursive: true })) {
    const s = await lstat(path.join(dir, name));
    out[name] = `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  }
  const s = await lstat(dir);
  out["."] = `${s.ino}:${s.mtimeMs}:${s.ctimeMs}`;
  return out;
}
