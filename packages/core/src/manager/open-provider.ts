import { cookieOverhead } from "../session/cookie-room.js";
import { checkProvider, checkSealingProvider } from "../spi/checks.js";
import type { Provider } from "../spi/contract.js";
import { lookupProvider } from "../spi/registry.js";
import { type SealingProvider, isSealingProvider } from "../spi/sealing.js";
import { type ManagerOptions, type ResolvedOptions, resolveOptions } from "./options.js";

/** `createManager`'s single argument: the seed's four parameters plus options. */
export interface CreateManagerOptions extends ManagerOptions {
  /** A registered provider name ("redis"), or a ready provider instance (no registry, no import side effects). */
  provider: string | Provider | SealingProvider;
  /** Name of the session cookie (default "sid"). */
  cookieName?: string;
  /** Idle lifetime in seconds, at most 400 days (34560000), as browsers keep cookies; not milliseconds: 3600000 is 41.7 days. */
  maxLifetime: number;
  /** Passed to the provider's factory: a string ("127.0.0.1:6379,100,secret", a DSN, a directory) or an object. */
  providerConfig?: unknown;
}

/** Resolves the options and opens (or checks) the provider a new manager will own. */
export async function openProvider(options: CreateManagerOptions): Promise<{ instance: Provider | SealingProvider; resolved: ResolvedOptions }> {
  const { provider, cookieName = "sid", maxLifetime, providerConfig, ...rest } = options;
  const resolved = resolveOptions(cookieName, maxLifetime, rest);
  let instance: Provider | SealingProvider;
  if (typeof provider === "string") {
    const factory = lookupProvider(provider);
    instance = await factory({ maxLifetime, config: providerConfig, now: resolved.now, cookieName: resolved.cookieName, cookieOverhead: cookieOverhead(resolved.cookieName, resolved.cookie) });
    if (isSealingProvider(instance)) checkSealingProvider(instance, provider);
    else checkProvider(instance, provider);
  } else if (isSealingProvider(provider)) {
    checkSealingProvider(provider, "instance");
    instance = provider;
  } else {
    checkProvider(provider, "instance");
    instance = provider;
  }
  return { instance, resolved };
}
