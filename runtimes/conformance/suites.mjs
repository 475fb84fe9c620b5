// The provider conformance suite for the Redis and PostgreSQL providers, registered with the
// runtime's own test runner (bun test, deno test; see bun.test.mjs and deno.test.mjs). The
// store comes from the vitest driver (test/conformance.test.ts), which owns the database or
// key prefix of the run and cleans it up.
import { providerConformance } from "@sess/conformance";
import { postgresProvider } from "@sess/provider-postgres";
import { redisProvider } from "@sess/provider-redis";

const env = (name) => {
  const value = globalThis.Deno?.env.get(name) ?? globalThis.process?.env[name];
  if (value === undefined) throw new Error(`${name} is not set: run this through the vitest driver (test/conformance.test.ts)`);
  return value;
};

function via(url, address) {
  const through = new URL(url);
  if (address !== undefined) {
    through.hostname = address.host;
    through.port = String(address.port);
  }
  return through.toString();
}

const outage = (url, createProvider) => {
  const target = new URL(url);
  return { target: { host: target.hostname, port: Number(target.port) }, createProvider, deadlineMs: 5000, recoverWithinMs: 15000 };
};

/** Registers the whole suite for the provider SESS_RT_PROVIDER names with `it` (a TestRegistrar). */
export function registerSuite(it) {
  const provider = env("SESS_RT_PROVIDER");
  const url = env("SESS_RT_STORE_URL");
  let runs = 0;
  if (provider === "redis") {
    // A prefix per test under the run's prefix: count() sees only its own test's keys.
    const prefix = env("SESS_RT_NAMESPACE");
    const open = (n, address) => redisProvider({ url: via(url, address), prefix: `${prefix}${n}:`, commandTimeoutMs: 1000, connectTimeoutMs: 3000 });
    providerConformance(it, () => open(++runs), {
      ttlGranularityMs: 1,
      persistent: true,
      selfExpiring: true,
      reopen: () => open(runs),
      outage: outage(url, (address) => open(`outage${++runs}`, address)),
    });
    return;
  }
  if (provider === "postgres") {
    // A table per test in the run's database.
    const open = (table, address) => postgresProvider({ url: via(url, address), table, queryTimeoutMs: address ? 2000 : 15_000, max: 4 });
    providerConformance(it, () => open(`c_${++runs}`), {
      ttlGranularityMs: 1,
      persistent: true,
      reopen: () => open(`c_${runs}`),
      outage: outage(url, (address) => open(`outage_${++runs}`, address)),
    });
    return;
  }
  throw new Error(`no conformance suite for "${provider}"`);
}
