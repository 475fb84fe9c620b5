import { afterAll, describe, it } from "vitest";
import { providerConformance } from "@sess/conformance";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { redisProvider } from "../src/index.js";
import { PrefixedProviders } from "./support/prefixes.js";

// The whole suite against the Redis at SESS_TEST_REDIS_URL (or the global setup's container),
// under prefixes of this run only; the outage group cuts a fault proxy in front of it.
const url = redisUrl();
const target = new URL(url);
const providers = new PrefixedProviders({ url, commandTimeoutMs: 1000, connectTimeoutMs: 3000 });
const outagePrefix = uniquePrefix();

afterAll(async () => {
  for (const prefix of [...providers.prefixes, outagePrefix]) await deleteKeysWithPrefix(prefix, url);
});

describe("redis (single server)", () => {
  providerConformance(it, providers.create, {
    ttlGranularityMs: 1,
    persistent: true,
    selfExpiring: true,
    reopen: providers.reopen,
    // The Manager's clock reaches the provider as ProviderOptions.now, beside the seed's config.
    clock: (now) => {
      const prefix = uniquePrefix();
      providers.prefixes.push(prefix);
      return redisProvider({ maxLifetime: 3600, config: { url, prefix, commandTimeoutMs: 1000, connectTimeoutMs: 3000 }, now });
    },
    outage: {
      target: { host: target.hostname, port: Number(target.port || 6379) },
      createProvider: ({ host, port }) => {
        const through = new URL(url);
        through.hostname = host;
        through.port = String(port);
        return redisProvider({ url: through.toString(), prefix: outagePrefix, commandTimeoutMs: 1000, connectTimeoutMs: 3000 });
      },
      deadlineMs: 5000,
      recoverWithinMs: 15000,
    },
  });
});
