import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A free TCP port on 127.0.0.1 (the system picks it; a tiny race with other processes is accepted). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const live = new Set<ChildProcess>();
// Backstop: a worker that dies mid-test still takes its servers with it.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** A redis-server (or sentinel) process this test started, on 127.0.0.1 in a temp dir of its own. */
export class RedisProcess {
  readonly port: number;
  readonly dir: string;
  readonly #args: string[];
  #child: ChildProcess | undefined;
  #output = "";

  private constructor(port: number, dir: string, args: string[]) {
    this.port = port;
    this.dir = dir;
    this.#args = args;
  }

  /** Starts `redis-server` with `args` on a free port and waits until it answers PING. */
  static async start(args: string[] = [], options: { port?: number; configFile?: (port: number, dir: string) => string } = {}): Promise<RedisProcess> {
    const port = options.port ?? (await freePort());
    const dir = mkdtempSync(path.join(tmpdir(), "sess-redis-"));
    const head = options.configFile ? [options.configFile(port, dir)] : [];
    const proc = new RedisProcess(port, dir, [
      ...head,
      "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--daemonize", "no",
      "--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning",
      ...args,
    ]);
    try {
      await proc.restart();
    } catch (err) {
      proc.stop();
      throw err;
    }
    return proc;
  }

  /** The address as "127.0.0.1:port". */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Whether the process is running. */
  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts the server again on the same port and dir (after kill()). */
  async restart(): Promise<void> {
    const child = spawn("redis-server", this.#args, { stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    live.add(child);
    child.stdout?.on("data", (d: Buffer) => (this.#output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.#output += d.toString()));
    child.once("exit", () => live.delete(child));
    await this.#waitForPing(15_000);
  }

  /** SIGKILLs the server (a crash: no shutdown, no save) and waits for it to exit. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
  }

  /** Kills the server and removes its directory; safe to call twice. */
  stop(): void {
    if (this.#child && this.running) this.#child.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Sends one command with redis-cli and returns its output (trimmed). */
  async cli(...args: string[]): Promise<string> {
    return runCli(["-h", "127.0.0.1", "-p", String(this.port), ...args]);
  }

  async #waitForPing(ms: number): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      if (!this.running && this.#child?.exitCode !== null) {
        throw new Error(`redis-server on ${this.port} exited: ${this.#output.slice(-2000)}`);
      }
      const reply = await runCli(["-h", "127.0.0.1", "-p", String(this.port), "PING"]).catch(() => "");
      if (reply === "PONG") return;
      if (Date.now() > until) throw new Error(`redis-server on ${this.port} did not answer PING within ${ms} ms: ${this.#output.slice(-2000)}`);
      await sleep(50);
    }
  }
}

/** Runs redis-cli with `args` (10 s limit) and returns stdout, trimmed. */
export function runCli(args: string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("redis-cli", args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`redis-cli ${args.join(" ")} failed (${String(code)}): ${err || out}`))));
  });
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every 100 ms until it returns true, or throws after `ms` naming `what`. */
export async function waitUntil(what: string, ms: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
    await sleep(100);
  }
}
