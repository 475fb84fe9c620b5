import { providerConformance } from "@sess/conformance";
import { afterAll, beforeAll, describe, it } from "vitest";
import { postgresProvider, type PostgresProvider } from "../src/index.js";
import { Fixture, postgresUrl } from "./support.js";

// The whole suite against SESS_TEST_POSTGRES_URL in a schema of this run only, one table per
// provider so count() sees only its own test; the outage group cuts a fault proxy between the
// provider and the server.
const server = new URL(postgresUrl());
const fx = new Fixture();
let tables = 0;

beforeAll(() => fx.ready());
afterAll(() => fx.cleanup());

/** Outage providers get a short deadline (the group's deadlineMs is 5000); the others a long one, so a loaded machine never fails a correctness test by timing out. */
function open(table: string, address?: { host: string; port: number }): Promise<PostgresProvider> {
  const url = new URL(server);
  if (address) {
    url.hostname = address.host;
    url.port = String(address.port);
  }
  return postgresProvider({ url: url.toString(), schema: fx.schema, table, queryTimeoutMs: address ? 2000 : 15_000, max: 4 });
}

describe("postgres (SESS_TEST_POSTGRES_URL)", () => {
  providerConformance(it, () => open(`c_${++tables}`), {
    ttlGranularityMs: 1,
    persistent: true,
    reopen: () => open(`c_${tables}`),
    // The Manager's clock reaches the provider as ProviderOptions.now, beside the seed's config.
    clock: (now) => postgresProvider({ maxLifetime: 3600, config: { url: server.toString(), schema: fx.schema, table: `k_${++tables}`, max: 2 }, now }),
    outage: {
      target: { host: server.hostname, port: Number(server.port || 5432) },
      createProvider: (address) => open(`outage_${++tables}`, address),
      deadlineMs: 5000,
      recoverWithinMs: 15000,
    },
  });
});
