import { SessErrorCode, type ProviderOptions } from "@sess/core/provider";
import { memoryError } from "./errors.js";
import { MemoryProvider } from "./memory-provider.js";
import type { MemoryProviderOptions } from "./options.js";

/**
 * Opens a memory provider; `config` may be a {@link MemoryProviderOptions} object. A `now`
 * in the factory options (the Manager's clock, when core hands it over) is used unless the
 * config names its own.
 */
export function memoryProvider(options: ProviderOptions | MemoryProviderOptions = {}): MemoryProvider {
  const config = "maxLifetime" in options ? options.config : options;
  if (config !== undefined && config !== null && config !== "" && typeof config !== "object") {
    throw memoryError(SessErrorCode.INVALID_CONFIG, `expected an options object, got ${typeof config}`);
  }
  const resolved = (config || {}) as MemoryProviderOptions;
  const managerNow = "maxLifetime" in options ? (options as { now?: unknown }).now : undefined;
  if (typeof managerNow === "function" && resolved.now === undefined) return new MemoryProvider({ ...resolved, now: managerNow as () => number });
  return new MemoryProvider(resolved);
}
