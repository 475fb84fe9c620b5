import type { Provider } from "@sess/core/provider";

/** Where the outage group's fault proxy connects: the backend the provider normally talks to. */
export interface ServiceAddress {
  /** Host name or IP address of the backend. */
  host: string;
  /** TCP port of the backend. */
  port: number;
}

/** How the outage group reaches the backend through a fault proxy. */
export interface OutageOptions {
  /** The real backend (Redis, MySQL…) the proxy forwards to. */
  target: ServiceAddress;
  /** Opens a provider that talks to the backend at `address` (the proxy) instead of `target`. */
  createProvider: (address: ServiceAddress) => Provider | Promise<Provider>;
  /** Longest time a call may take to reject while the backend is cut, in ms (default 5000). */
  deadlineMs?: number;
  /** Longest time the provider may take to work again after the backend returns, in ms (default 15000). */
  recoverWithinMs?: number;
}

/** What a provider states about itself, and which groups or tests to switch off. */
export interface ConformanceOptions {
  /** Group names ("persistence") and/or exact test names to register as skipped. Unknown names throw. */
  skip?: readonly string[];
  /** How coarse the store's expiry clock is, in ms: 1 for millisecond stores, 1000 for whole seconds (default 1). */
  ttlGranularityMs?: number;
  /** The store keeps records across close() and a new provider (enables the persistence group). */
  persistent?: boolean;
  /** Opens the provider again on the same storage, for the persistence group (default: `createProvider`). */
  reopen?: () => Provider | Promise<Provider>;
  /** The store deletes expired records itself, so gc() may find nothing to remove (Redis). */
  selfExpiring?: boolean;
  /** Largest data the provider accepts in one record, in UTF-8 bytes of data keys plus values; unset when unlimited. */
  maxDataBytes?: number;
  /** Enables the outage group: a fault proxy between the provider and its backend. */
  outage?: OutageOptions;
  /** Timeout of each test in ms (default 20000; the outage group adds its own deadlines on top). */
  timeoutMs?: number;
  /**
   * Enables the clock group: opens a provider the way the Manager does, handing it the Manager's
   * clock (`ProviderOptions.now`), e.g. `(now) => myProvider({ maxLifetime: 3600, config, now })`.
   */
  clock?: (now: () => number) => Provider | Promise<Provider>;
  /** Enables the directory group, for stores that keep a directory one process owns (LevelDB): opens a provider on `dir`. */
  exclusiveDirectory?: (dir: string) => Provider | Promise<Provider>;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  /** Group and test names switched off. */
  skip: ReadonlySet<string>;
  /** The store's expiry clock granularity in ms. */
  ttlGranularityMs: number;
  /** Whether the persistence group runs. */
  persistent: boolean;
  /** Opens the provider again on the same storage; undefined means createProvider. */
  reopen: (() => Provider | Promise<Provider>) | undefined;
  /** Whether the store expires records itself. */
  selfExpiring: boolean;
  /** The provider's size limit in bytes, if it has one. */
  maxDataBytes: number | undefined;
  /** The outage setup with its deadlines filled in, if given. */
  outage: Required<OutageOptions> | undefined;
  /** Per-test timeout in ms. */
  timeoutMs: number;
  /** Opens a provider on a given Manager clock, if given. */
  clock: ((now: () => number) => Provider | Promise<Provider>) | undefined;
  /** Opens a provider on a directory, if the store owns one. */
  exclusiveDirectory: ((dir: string) => Provider | Promise<Provider>) | undefined;
}

/** Fills in defaults and refuses values that would make the suite meaningless. */
export function resolveOptions(options: ConformanceOptions = {}): ResolvedOptions {
  const granularity = options.ttlGranularityMs ?? 1;
  if (!(granularity >= 1) || !Number.isFinite(granularity)) {
    throw new TypeError(`ttlGranularityMs must be a finite number >= 1, got ${String(options.ttlGranularityMs)}`);
  }
  const max = options.maxDataBytes;
  if (max !== undefined && !(Number.isInteger(max) && max >= 2)) {
    throw new TypeError(`maxDataBytes must be an integer >= 2, got ${String(max)}`);
  }
  const outage = options.outage;
  return {
    skip: new Set(options.skip ?? []),
    ttlGranularityMs: granularity,
    persistent: options.persistent ?? false,
    reopen: options.reopen,
    selfExpiring: options.selfExpiring ?? false,
    maxDataBytes: max,
    outage: outage && {
      target: outage.target,
      createProvider: outage.createProvider,
      deadlineMs: outage.deadlineMs ?? 5000,
      recoverWithinMs: outage.recoverWithinMs ?? 15000,
    },
    timeoutMs: options.timeoutMs ?? 20000,
    clock: options.clock,
    exclusiveDirectory: options.exclusiveDirectory,
  };
}
