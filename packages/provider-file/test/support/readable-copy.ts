import { chmod, cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = fileURLToPath(new URL("../../", import.meta.url));

/**
 * A world-readable copy of what test/fixtures/worker.mjs needs at run time (this package's
 * dist and @sess/core's), for a worker that runs as another user: the checkout may sit in a
 * directory only its owner can enter (root's home, a 0700 mktemp folder).
 */
export async function readableWorkerCopy(): Promise<{ worker: string; dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "sess-file-worker-"));
  const core = realpathSync(path.join(PACKAGE, "node_modules", "@sess", "core"));
  const target = path.join(dir, "node_modules", "@sess", "core");
  await mkdir(target, { recursive: true });
  await cp(path.join(core, "package.json"), path.join(target, "package.json"));
  await cp(path.join(core, "dist"), path.join(target, "dist"), { recursive: true });
  await cp(path.join(PACKAGE, "package.json"), path.join(dir, "package.json"));
  await cp(path.join(PACKAGE, "dist"), path.join(dir, "dist"), { recursive: true });
  await cp(path.join(PACKAGE, "test", "fixtures", "worker.mjs"), path.join(dir, "test", "fixtures", "worker.mjs"));
  // mkdtemp makes 0700; everything below it was created with the usual umask (readable by all).
  await chmod(dir, 0o755);
  return { worker: path.join(dir, "test", "fixtures", "worker.mjs"), dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
