import { register } from "@sess/core/provider";
import { redisProvider } from "./redis-provider.js";

export { RedisProvider, redisProvider } from "./redis-provider.js";
export type { RedisAddress, RedisProviderOptions } from "./options.js";

// Registering on import is the point of this module: `import "@sess/provider-redis"`.
register("redis", (options) => redisProvider(options));
