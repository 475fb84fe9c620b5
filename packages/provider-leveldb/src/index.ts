import { register } from "@sess/core/provider";
import { leveldbProvider } from "./open-provider.js";

export { LeveldbProvider } from "./leveldb-provider.js";
export { leveldbProvider } from "./open-provider.js";
export type { LeveldbProviderOptions, LevelDatabase } from "./options.js";

// Registering on import is the point of this module: `import "@sess/provider-leveldb"`.
register("leveldb", (options) => leveldbProvider(options));
