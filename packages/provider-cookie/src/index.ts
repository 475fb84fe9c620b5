import { register } from "@sess/core/provider";
import { cookieProvider } from "./cookie-provider.js";

export { CookieProvider, cookieProvider } from "./cookie-provider.js";
export { type CookieKey, MIN_SECRET_LENGTH } from "./key-ring.js";
export { type CookieProviderConfig, type CookieProviderOptions, DEFAULT_RESERVED_BYTES, MAX_COOKIE_SIZE } from "./options.js";

// Registering on import is the point of this module: `import "@sess/provider-cookie"`.
register("cookie", (options) => cookieProvider(options));
