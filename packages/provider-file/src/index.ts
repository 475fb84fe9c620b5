import { register } from "@sess/core/provider";
import { fileProvider } from "./open-provider.js";

export { FileProvider } from "./file-provider.js";
export { fileProvider } from "./open-provider.js";
export type { FileProviderOptions } from "./options.js";

// Registering on import is the point of this module: `import "@sess/provider-file"`.
register("file", (options) => fileProvider(options));
