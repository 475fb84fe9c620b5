import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a command to its end and returns stdout; rejects with its output on a non-zero exit. */
export function run(command: string, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${command} ${args.join(" ")} exited ${String(code)}: ${out.slice(-1500)}`))));
  });
}

const live = new Set<ChildProcess>();
// A soak that dies half way still takes its servers with it.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** A server process the soak owns: started, SIGKILLed and started again with the same arguments. */
export class ServerProcess {
  readonly #command: string;
  readonly #args: string[];
  readonly #ready: () => Promise<boolean>;
  #child: ChildProcess | undefined;
  #output = "";

  constructor(command: string, args: string[], ready: () => Promise<boolean>) {
    this.#command = command;
    this.#args = args;
    this.#ready = ready;
  }

  /** Starts the process and resolves once `ready` says so (within `ms`). */
  async start(ms = 60_000): Promise<void> {
    const child = spawn(this.#command, this.#args, { stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    live.add(child);
    child.stdout?.on("data", (d: Buffer) => (this.#output = (this.#output + d.toString()).slice(-4000)));
    child.stderr?.on("data", (d: Buffer) => (this.#output = (this.#output + d.toString()).slice(-4000)));
    child.once("exit", () => live.delete(child));
    const until = Date.now() + ms;
    while (!(await this.#ready().catch(() => false))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.#command} exited: ${this.#output}`);
      if (Date.now() > until) throw new Error(`${this.#command} not ready within ${ms} ms: ${this.#output}`);
      await sleep(50);
    }
  }

  /** SIGKILLs the process (a crash: no shutdown) and waits for it to exit. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
  }
}

/** A private redis-server with every write fsynced to its append-only file before it is acknowledged. */
export async function startRedis(extra: string[] = []): Promise<{ server: ServerProcess; port: number; dir: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "sess-soak-redis-"));
  // prettier-ignore
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes",
    "--appendfsync", "always", "--protected-mode", "no", "--loglevel", "warning", ...extra];
  const server = new ServerProcess("redis-server", args, async () => (await run("redis-cli", ["-p", String(port), "PING"], 5000)) === "PONG");
  await server.start();
  return { server, port, dir, stop: async () => (await server.kill(), rmSync(dir, { recursive: true, force: true })) };
}

/** A master, a replica and one sentinel (real `redis-server --sentinel`), all persistent, on free loopback ports. */
export async function startSentinelGroup(name: string) {
  const master = await startRedis();
  const replica = await startRedis(["--replicaof", "127.0.0.1", String(master.port)]);
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "sess-soak-sentinel-"));
  const conf = path.join(dir, "sentinel.conf");
  // prettier-ignore
  writeFileSync(conf, [`port ${port}`, "bind 127.0.0.1", `dir ${dir}`, `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
    `sentinel down-after-milliseconds ${name} 1000`, `sentinel failover-timeout ${name} 10000`, ""].join("\n"));
  const cli = (...a: string[]) => run("redis-cli", ["-p", String(port), ...a], 5000);
  const sentinel = new ServerProcess("redis-server", [conf, "--sentinel"], async () => (await cli("SENTINEL", "REPLICAS", name)).includes(String(replica.port)));
  await sentinel.start();
  const masterPort = async () => Number((await cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name)).split("\n")[1]);
  return {
    master,
    replica,
    sentinelPort: port,
    cli,
    masterPort,
    stop: async () => {
      await sentinel.kill();
      await replica.stop();
      await master.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Small redo logs: creating the default 96 MB ones is most of a cold start.
const MARIADB_OPTIONS = ["--no-defaults", "--innodb-log-file-size=8M", "--skip-log-bin"];

/** A private mariadbd in a temp data directory (mariadb-install-db), root without a password, database `test`. */
export async function startMariadb(): Promise<{ server: ServerProcess; url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "sess-soak-mariadb-"));
  const data = path.join(dir, "data");
  const user = process.getuid?.() === 0 ? ["--user=root"] : [];
  // prettier-ignore
  await run("mariadb-install-db", [...MARIADB_OPTIONS, `--datadir=${data}`, ...user, "--auth-root-authentication-method=normal", "--skip-test-db"], 120_000);
  const init = path.join(dir, "init.sql");
  writeFileSync(init, "CREATE DATABASE IF NOT EXISTS test;\n");
  const port = await freePort();
  // prettier-ignore
  const args = [...MARIADB_OPTIONS, `--datadir=${data}`, ...user, `--port=${port}`, "--bind-address=127.0.0.1",
    `--socket=${path.join(dir, "mysqld.sock")}`, `--pid-file=${path.join(dir, "mysqld.pid")}`, `--init-file=${init}`];
  const ready = async () => (await run("mariadb", ["-h", "127.0.0.1", "-P", String(port), "-u", "root", "-e", "SELECT 1", "test"], 5000)).includes("1");
  const server = new ServerProcess("mariadbd", args, ready);
  await server.start(120_000);
  return { server, url: `mysql://root@127.0.0.1:${port}/test`, stop: async () => (await server.kill(), rmSync(dir, { recursive: true, force: true })) };
}
