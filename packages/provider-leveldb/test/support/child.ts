import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("../fixtures/worker.mjs", import.meta.url));

/** A message a crashLoop worker sends after a write or destroy resolved. */
export interface Ack {
  key: string;
  i: number;
  n?: string;
  sum?: string;
  ok?: boolean;
  destroyed?: boolean;
}

/** A forked worker process (test/fixtures/worker.mjs) running one job on the parent's database. */
export class Worker {
  readonly process: ChildProcess;
  /** Every write the child reported as resolved, in order. */
  readonly acks: Ack[] = [];
  /** Settles when the child reports it is under way; rejects if it finished or died first. */
  readonly ready: Promise<void>;
  /** Settles when the child has exited. */
  readonly exited: Promise<void>;

  constructor(job: string, options: Record<string, unknown>) {
    this.process = fork(WORKER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.exited = new Promise((resolve) => this.process.once("exit", () => resolve()));
    this.ready = new Promise<void>((resolve, reject) => {
      this.process.on("message", (m: { ready?: boolean; ack?: Ack; done?: boolean; error?: string }) => {
        if (m.ack) this.acks.push(m.ack);
        if (m.ready) resolve();
        if (m.done) reject(new Error(`worker ${job} finished early: ${m.error ?? "no error"}`));
      });
      this.process.once("exit", (code, signal) => reject(new Error(`worker ${job} exited (${code ?? signal}) before it was ready`)));
    });
    this.ready.catch(() => undefined);
    this.process.send({ job, options });
  }

  /** kill -9, then wait for the exit. */
  async kill(): Promise<void> {
    this.process.kill("SIGKILL");
    await this.exited;
  }
}
