import { uniquePrefix } from "@sess/conformance/services";
import { redisProvider, type RedisProvider, type RedisProviderOptions } from "../../src/index.js";

/**
 * Opens providers for the conformance suite: each createProvider gets a prefix of its own
 * (count() sees only its test's records), and reopen() uses the last one again.
 */
export class PrefixedProviders {
  readonly #base: () => Omit<RedisProviderOptions, "prefix">;
  /** Every prefix handed out, for cleanup. */
  readonly prefixes: string[] = [];

  /** `base` may be a function when the servers are known only after setup (own cluster, sentinel). */
  constructor(base: Omit<RedisProviderOptions, "prefix"> | (() => Omit<RedisProviderOptions, "prefix">)) {
    this.#base = typeof base === "function" ? base : () => base;
  }

  /** A provider under a fresh unique prefix. */
  create = async (): Promise<RedisProvider> => {
    const prefix = uniquePrefix();
    this.prefixes.push(prefix);
    return redisProvider({ ...this.#base(), prefix });
  };

  /** A provider on the prefix of the last create(), as a restarted app would open it. */
  reopen = async (): Promise<RedisProvider> => {
    const prefix = this.prefixes.at(-1) ?? uniquePrefix();
    return redisProvider({ ...this.#base(), prefix });
  };
}
