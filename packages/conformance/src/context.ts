import type { Provider } from "@sess/core/provider";
import type { ResolvedOptions } from "./options.js";
import { randomStorageKey } from "./support/keys.js";
import { sleepPast } from "./support/time.js";

/** Opens a fresh, ready provider; the suite closes it after each test. */
export type CreateProvider = () => Provider | Promise<Provider>;

/** How long cleanup may take per step before the suite gives up on it, in ms. */
const CLEANUP_MS = 5000;

/** What one test gets: its provider, fresh keys, time helpers, and cleanup that runs whatever happens. */
export class CaseContext {
  /** The options the suite was started with, defaults filled in. */
  readonly options: ResolvedOptions;
  readonly #createProvider: CreateProvider;
  readonly #open: Provider[] = [];
  readonly #keys = new Set<string>();
  readonly #deferred: (() => Promise<void> | void)[] = [];
  readonly #afterClose: (() => Promise<void> | void)[] = [];
  #current: Provider | undefined;

  constructor(createProvider: CreateProvider, options: ResolvedOptions) {
    this.#createProvider = createProvider;
    this.options = options;
  }

  /** The provider under test; open() or the runner must have opened one. */
  get provider(): Provider {
    if (!this.#current) throw new Error("no provider is open in this test");
    return this.#current;
  }

  /** Opens a provider with `factory` (default: the suite's createProvider) and makes it current. */
  async open(factory: CreateProvider = this.#createProvider): Promise<Provider> {
    const provider = await factory();
    this.#open.push(provider);
    this.#current = provider;
    return provider;
  }

  /** Closes the current provider and opens another on the same storage (`reopen`, else createProvider). */
  async reopen(): Promise<Provider> {
    const current = this.#current;
    if (current) {
      this.#forget(current);
      await current.close();
    }
    return this.open(this.options.reopen ?? this.#createProvider);
  }

  /** A fresh random storage key, destroyed after the test. */
  key(): string {
    const key = randomStorageKey();
    this.#keys.add(key);
    return key;
  }

  /**
   * Runs `fn` after the test (last deferred runs first): by default before the test's keys are
   * destroyed and its providers closed, or after they are closed with `when: "after-close"`.
   */
  defer(fn: () => Promise<void> | void, when: "before-close" | "after-close" = "before-close"): void {
    (when === "before-close" ? this.#deferred : this.#afterClose).push(fn);
  }

  /** An expiry far enough ahead that no test outlives it. */
  longExpiry(): number {
    return Date.now() + 10 * 60_000;
  }

  /** An expiry a test can wait out: a few granules of the store's clock, at least 250 ms. */
  shortExpiry(min = 250): number {
    return Date.now() + Math.max(min, 2 * this.options.ttlGranularityMs);
  }

  /** Waits until `expiresAt` has passed by more than the store's clock granularity. */
  waitPast(expiresAt: number): Promise<void> {
    return sleepPast(expiresAt, this.options.ttlGranularityMs + 25);
  }

  /** Destroys the keys the test used and closes every provider it opened; errors here never hide the test's own. */
  async dispose(): Promise<void> {
    for (const fn of this.#deferred.reverse()) await bounded(async () => fn());
    const current = this.#current;
    if (current && this.#open.includes(current)) {
      await bounded(() => Promise.all([...this.#keys].map((key) => current.destroy(key).catch(() => undefined))));
    }
    for (const provider of this.#open.splice(0)) await bounded(() => provider.close());
    this.#current = undefined;
    for (const fn of this.#afterClose.reverse()) await bounded(async () => fn());
  }

  #forget(provider: Provider): void {
    const index = this.#open.indexOf(provider);
    if (index >= 0) this.#open.splice(index, 1);
  }
}

/** Runs cleanup `work`, swallowing its failure and giving up after CLEANUP_MS so a hung backend cannot hang the suite. */
async function bounded(work: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLEANUP_MS);
    timer.unref();
  });
  try {
    await Promise.race([work().catch(() => undefined), limit]);
  } finally {
    clearTimeout(timer);
  }
}
