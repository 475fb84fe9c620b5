import { providerConformance } from "@sess/conformance";
import { createTestDatabase, mysqlUrl, type TestDatabase } from "@sess/conformance/services";
import { afterAll, beforeAll, describe, it } from "vitest";
import { mysqlProvider, type MysqlProvider } from "../src/index.js";

// The whole suite against SESS_TEST_MYSQL_URL (MariaDB here) in a database of this run only,
// one table per provider so count() sees only its own test; the outage group cuts a fault
// proxy between the provider and the server.
const server = new URL(mysqlUrl());
let db: TestDatabase;
let tables = 0;

beforeAll(async () => {
  db = await createTestDatabase(server.toString());
});
afterAll(async () => {
  await db?.drop();
});

/** Outage providers get a short deadline (the group's deadlineMs is 5000); the others a long one, so a loaded machine never fails a correctness test by timing out. */
function open(table: string, address?: { host: string; port: number }): Promise<MysqlProvider> {
  const url = new URL(db.url);
  if (address) {
    url.hostname = address.host;
    url.port = String(address.port);
  }
  return mysqlProvider({ dsn: url.toString(), table, queryTimeoutMs: address ? 2000 : 15_000, connectionLimit: 4 });
}

describe("mysql (MariaDB at SESS_TEST_MYSQL_URL)", () => {
  providerConformance(it, () => open(`c_${++tables}`), {
    ttlGranularityMs: 1,
    persistent: true,
    reopen: () => open(`c_${tables}`),
    // The Manager's clock reaches the provider as ProviderOptions.now, beside the seed's config.
    clock: (now) => mysqlProvider({ maxLifetime: 3600, config: { dsn: db.url, table: `k_${++tables}`, queryTimeoutMs: 15_000, connectionLimit: 4 }, now }),
    outage: {
      target: { host: server.hostname, port: Number(server.port || 3306) },
      createProvider: (address) => open(`outage_${++tables}`, address),
      deadlineMs: 5000,
      recoverWithinMs: 15000,
    },
  });
});
