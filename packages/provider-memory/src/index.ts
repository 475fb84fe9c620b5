import { register } from "@sess/core";
import { memoryProvider } from "./memory-provider.js";

export { DEFAULT_MAX_BYTES, MemoryProvider, memoryProvider, type MemoryProviderOptions } from "./memory-provider.js";

// Registering on import is the point of this module: `import "@sess/provider-memory"`.
register("memory", (options) => memoryProvider(options));
