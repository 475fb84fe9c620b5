import { execFileSync } from "node:child_process";
import { mkdtempSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Mounts a tmpfs of `size` (e.g. "64k") on `dir`; throws when mounting is not permitted. */
export function mountTmpfs(dir: string, size: string): void {
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", dir], { stdio: "pipe" });
}

/** Remounts the tmpfs on `dir` read-only or read-write. */
export function remount(dir: string, mode: "ro" | "rw"): void {
  execFileSync("mount", ["-o", `remount,${mode}`, dir], { stdio: "pipe" });
}

/** Unmounts `dir`, ignoring "not mounted". */
export function unmount(dir: string): void {
  try {
    execFileSync("umount", [dir], { stdio: "pipe" });
  } catch {
    // Already unmounted.
  }
}

/** Whether this process may mount a tmpfs (root in a container with CAP_SYS_ADMIN); checked once. */
export const canMount: boolean = (() => {
  const dir = mkdtempSync(path.join(tmpdir(), "sess-file-mount-probe-"));
  try {
    mountTmpfs(dir, "16k");
    unmount(dir);
    return true;
  } catch {
    return false;
  } finally {
    rmdirSync(dir);
  }
})();
