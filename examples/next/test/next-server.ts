import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const next = fileURLToPath(new URL("../node_modules/.bin/next", import.meta.url));
// No internet here or in CI: Next's telemetry must not try to phone home.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** Runs `next build` unless the package's build step already did (turbo runs it before the tests). */
export function ensureBuilt(): void {
  if (existsSync(new URL("../.next/BUILD_ID", import.meta.url))) return;
  const result = spawnSync(next, ["build"], { cwd: root, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `next start` on a free port; resolves with its base URL once it says it is ready. */
export async function startNext(): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(next, ["start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next start did not get ready in 30 s:\n${output}`)), 30_000);
    child.once("exit", (code) => reject(new Error(`next start exited (${code}):\n${output}`)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes("Ready")) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

/** Stops `next start` and waits for it to exit. */
export async function stopNext(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
