import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * A redis-server of a test's own, for outages: `stop()` ends it, `start()` brings it back on the
 * same port (empty: nothing is saved to disk). Needs the `redis-server` binary.
 */
export class PrivateRedis {
  #child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  /** Starts a server on a free port. */
  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  /** "127.0.0.1:<port>". */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** (Re)starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server not ready: ${output}`)), 20_000);
      child.once("error", (err) => reject(new Error(`redis-server could not start (is it installed?): ${err.message}`)));
      child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** Stops the server and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    child.kill("SIGTERM");
    await once(child, "exit");
  }
}

/** Repeats `request` every 100 ms until it answers 200 (the store is back), for at most `ms`; the last response. */
export async function untilOk(request: () => Promise<Response>, ms = 10_000): Promise<Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await request();
    if (res.status === 200 || Date.now() > deadline) return res;
    await res.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
