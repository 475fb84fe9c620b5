import { register } from "@sess/core/provider";
import { memoryProvider } from "./open-provider.js";

export { MemoryProvider } from "./memory-provider.js";
export { memoryProvider } from "./open-provider.js";
export { DEFAULT_MAX_BYTES, type MemoryProviderOptions } from "./options.js";

// Registering on import is the point of this module: `import "@sess/provider-memory"`.
register("memory", (options) => memoryProvider(options));
