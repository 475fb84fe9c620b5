import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** How to run one server process and know it is ready. */
export interface ServerCommand {
  /** The binary, with its arguments. */
  readonly command: string;
  readonly args: readonly string[];
  /** A line in its output that means it accepts connections. */
  readonly ready: RegExp;
  /** Milliseconds to wait for `ready` before giving up. */
  readonly timeoutMs?: number;
  /** The signal that shuts it down quickly and cleanly. */
  readonly stopSignal?: NodeJS.Signals;
}

/** A server process that said it is ready. */
export interface ServerProcess {
  /** Stops it: `stopSignal`, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
// A test run that dies without teardown must not leave servers behind.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** A new private directory under the system's temp directory. */
export function makeTempDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `sess-${name}-`));
}

/** Removes a directory made by `makeTempDir`, ignoring one already gone. */
export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** A TCP port on 127.0.0.1 nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion, rejecting with its output when it fails. */
export async function runToEnd(command: string, args: readonly string[], timeoutMs = 120_000): Promise<void> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
  const output = collect(child);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`${command} exited with ${String(code)}: ${tail(output.text())}`);
}

/** Starts a server and resolves once its output says it is ready; rejects with its output if it exits first. */
export async function startServer(spec: ServerCommand): Promise<ServerProcess> {
  const child = spawn(spec.command, spec.args, { stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  const output = collect(child);
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  exited.then(() => live.delete(child), () => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready after ${spec.timeoutMs ?? 60_000} ms`)), spec.timeoutMs ?? 60_000);
      const check = (): void => {
        if (spec.ready.test(output.text())) done(resolve);
      };
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        output.off(check);
        settle();
      };
      output.on(check);
      child.once("error", (error) => done(() => reject(error)));
      exited.then(() => done(() => reject(new Error("exited before it was ready"))), () => undefined);
    });
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    throw new Error(`${spec.command}: ${(error as Error).message}: ${tail(output.text())}`, { cause: error });
  }
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(spec.stopSignal ?? "SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface Output {
  text(): string;
  on(listener: () => void): void;
  off(listener: () => void): void;
}

// Keeps the last 64 KiB of stdout+stderr: enough for the ready line and an error.
function collect(child: ChildProcess): Output {
  let text = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    text = (text + chunk.toString("utf8")).slice(-65_536);
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return { text: () => text, on: (l) => listeners.add(l), off: (l) => listeners.delete(l) };
}

function tail(text: string): string {
  const lines = text.trim().split("\n");
  return lines.slice(-5).join(" | ") || "(no output)";
}
