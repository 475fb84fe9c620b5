import { fork } from "node:child_process";

const CHILD = new URL("../../servers/child.mjs", import.meta.url);

/** A system's server running in a child process of its own, driven over IPC. */
export class ServerProcess {
  #child;
  #next = 0;
  #waiting = new Map();
  #fatal;
  /** The port the server listens on (127.0.0.1). */
  port = 0;

  constructor(child) {
    this.#child = child;
    child.on("message", (message) => {
      if (message.type === "fatal") this.#fatal = message.message;
      const waiter = this.#waiting.get(message.id ?? message.type);
      if (waiter) {
        this.#waiting.delete(message.id ?? message.type);
        waiter.resolve(message);
      }
    });
    child.on("exit", (code) => {
      for (const waiter of this.#waiting.values()) waiter.reject(new Error(this.#fatal ?? `server exited with code ${code}`));
      this.#waiting.clear();
    });
  }

  /** Forks servers/<module>.mjs with `config` and resolves once it listens. `execArgv` adds Node flags (--cpu-prof). */
  static async start(module, config, execArgv = []) {
    const child = fork(CHILD, [module, JSON.stringify(config)], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const proc = new ServerProcess(child);
    const ready = await proc.#expect("ready", 30_000);
    proc.port = ready.port;
    return proc;
  }

  /** The last fatal error the child reported, if any. */
  get fatal() {
    return this.#fatal;
  }

  /** Starts the CPU window. */
  async cpuStart() {
    await this.#ask("cpu-start");
  }

  /** Ends the CPU window: { user, system } microseconds and the child's RSS. */
  async cpuStop() {
    return this.#ask("cpu-stop");
  }

  /** Resolves once the server has no request in flight (at most 10 s). */
  async idle() {
    await this.#ask("idle", 15_000);
  }

  /** Closes the server and its store, then waits for the process to exit. */
  async close() {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    await this.#ask("close", 15_000).catch(() => this.#child.kill("SIGKILL"));
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Starts the V8 CPU profiler in the server process. */
  async profileStart() {
    await this.#ask("profile-start");
  }

  /** Stops the profiler and writes the profile to `file` (a .cpuprofile path). */
  async profileStop(file) {
    await this.#ask("profile-stop", 60_000, { file });
  }

  #ask(type, timeoutMs = 10_000, extra = {}) {
    const id = `${type}-${this.#next++}`;
    const answer = this.#expect(id, timeoutMs);
    this.#child.send({ ...extra, type, id });
    return answer;
  }

  #expect(key, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        reject(new Error(this.#fatal ?? `no "${key}" from the server within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(key, {
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }
}
