import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("../fixtures/worker.mjs", import.meta.url));

/** A forked worker process (test/fixtures/worker.mjs) running one job on the shared directory. */
export class Worker {
  readonly process: ChildProcess;
  /** Settles with the job's result; rejects if the job failed or the child died first. */
  readonly result: Promise<unknown>;
  /** Settles when the child reports it is under way. */
  readonly ready: Promise<void>;
  /** Settles when the child has exited. */
  readonly exited: Promise<void>;

  /**
   * `as.script` runs another copy of the worker (see readable-copy.ts) in its own directory,
   * without the test runner's flags: those name files another user may not be able to read.
   */
  constructor(
    job: string,
    options: Record<string, unknown>,
    args: Record<string, unknown> = {},
    as: { uid?: number; gid?: number; script?: { worker: string; dir: string } } = {},
  ) {
    const { script, ...ids } = as;
    const own = script ? { execArgv: [], cwd: script.dir } : {};
    this.process = fork(script?.worker ?? WORKER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], ...own, ...ids });
    this.exited = new Promise((resolve) => this.process.once("exit", () => resolve()));
    const ready = new Promise<void>((resolve) => {
      this.process.on("message", (m: { ready?: boolean }) => {
        if (m.ready) resolve();
      });
    });
    this.result = new Promise((resolve, reject) => {
      this.process.on("message", (m: { done?: boolean; result?: unknown; error?: string }) => {
        if (!m.done) return;
        if (m.error) reject(new Error(`worker ${job} failed: ${m.error}`));
        else resolve(m.result);
      });
      this.process.once("exit", (code, signal) => reject(new Error(`worker ${job} exited (${code ?? signal}) before finishing`)));
    });
    this.result.catch(() => undefined);
    // A job that fails before it is under way must not leave the test waiting for "ready".
    this.ready = Promise.race([ready, this.result.then(() => undefined)]);
    this.ready.catch(() => undefined);
    this.process.send({ job, options, args });
  }

  /** kill -9, then wait for the exit. */
  async kill(): Promise<void> {
    this.process.kill("SIGKILL");
    await this.exited;
  }
}
