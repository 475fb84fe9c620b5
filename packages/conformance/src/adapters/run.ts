import { randomBytes, randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createManager, type Manager, type Session } from "@sess/core";
import { isSealingProvider, type Provider, type SealingProvider } from "@sess/core/provider";
import { Browser } from "./client.js";
import type { AdapterHarness, RunningApp } from "./harness.js";
import { type Gate, deferred } from "./gate.js";
import { StoreRecorder } from "./recorder.js";
import { appRoutes, type RouteHost } from "./routes.js";

/** Opens a fresh provider; called twice per run (one for each manager). */
export type CreateAdapterProvider = () => Provider | SealingProvider | Promise<Provider | SealingProvider>;

/** A Cookie header this large (bytes) is over Node's default 16 KiB limit; the app's server accepts it. */
export const LARGE_COOKIE_BYTES = 20_000;

/**
 * One harness with one provider: the managers, the store recorder, the app (started on first
 * use and shared by the scenarios, which keep to their own cookies and keys), and what the
 * app's handlers leave for the scenarios to look at.
 */
export class AdapterRun implements RouteHost {
  readonly harness: AdapterHarness;
  readonly recorder = new StoreRecorder();
  /** What the managers reported to `onError`. */
  readonly reported: unknown[] = [];
  /** What the framework's error path answered (the harness calls `errorHandled`). */
  readonly handled: unknown[] = [];
  /** Sessions handlers kept, by token, for changes after the response. */
  readonly captured = new Map<string, Session<Record<string, unknown>>>();
  /** What a change made after the adapter committed threw, by token (undefined: it did not throw). */
  readonly late = new Map<string, unknown>();
  readonly gates = new Map<string, Gate>();
  /** The file the send-file route sends. */
  readonly filePath = join(tmpdir(), `sess-adapter-conformance-${randomUUID()}.txt`);
  readonly fileText = "a file sent after a change\n".repeat(64);
  readonly #createProvider: CreateAdapterProvider;
  #started: Promise<{ app: RunningApp; main: Manager; second: Manager; sealed: boolean }> | undefined;

  constructor(harness: AdapterHarness, createProvider: CreateAdapterProvider) {
    this.harness = harness;
    this.#createProvider = createProvider;
  }

  /** Starts the managers and the app once; every scenario awaits it. */
  ready(): Promise<{ app: RunningApp; main: Manager; second: Manager; sealed: boolean }> {
    this.#started ??= this.#start();
    return this.#started;
  }

  /** A new browser against the app, with an empty jar. */
  async browser(): Promise<Browser> {
    return new Browser((await this.ready()).app.url);
  }

  /** The gate for `token`, made on first use. */
  gate(token: string): Gate {
    let gate = this.gates.get(token);
    if (gate === undefined) {
      gate = { entered: deferred(), open: deferred(), done: deferred() };
      this.gates.set(token, gate);
    }
    return gate;
  }

  /** Stops the app, closes the managers and removes the file. */
  async close(): Promise<void> {
    const started = this.#started;
    this.#started = undefined;
    await rm(this.filePath, { force: true });
    if (started === undefined) return;
    const { app, main, second } = await started;
    await app.close();
    await Promise.allSettled([main.close(), second.close()]);
  }

  async #start() {
    await writeFile(this.filePath, this.fileText);
    const onError = (error: unknown) => void this.reported.push(error);
    const secrets = [randomBytes(24).toString("base64url")];
    const open = async (cookieName: string) => {
      const provider = await this.#createProvider();
      const manager = await createManager({ provider: this.recorder.wrap(provider), cookieName, maxLifetime: 3600, secrets, onError });
      return { manager, sealed: isSealingProvider(provider) };
    };
    const [main, second] = await Promise.all([open("sid"), open("cart")]);
    const app = await this.harness.start({
      main: main.manager,
      second: second.manager,
      routes: appRoutes(this),
      serverOptions: { maxHeaderSize: 64 * 1024 },
      errorHandled: (error) => void this.handled.push(error),
    });
    return { app, main: main.manager, second: second.manager, sealed: main.sealed };
  }
}
