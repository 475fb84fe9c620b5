import { randomBytes } from "node:crypto";
import { postgresUrl } from "@sess/conformance/services";
import pg from "pg";
import { postgresProvider, type PostgresProvider, type PostgresProviderOptions } from "../src/index.js";

/** The PostgreSQL server under test: SESS_TEST_POSTGRES_URL, or the one the global setup started. */
export { postgresUrl };

/** Keys, change sets and expiries, as every SQL provider test writes them. */
export { change, later, randomKey } from "@sess/test-support/provider";

/** A pool for DDL, inspection and pg_terminate_backend, outside any provider. */
export function adminPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: postgresUrl(), max: 4 });
  pool.on("error", () => {});
  return pool;
}

/** A schema no other run uses, its providers, and cleanup that drops it. */
export class Fixture {
  /** `sess_test_<12 hex>`: unique per test file and run. */
  readonly schema = `sess_test_${randomBytes(6).toString("hex")}`;
  readonly admin = adminPool();
  readonly #open: PostgresProvider[] = [];
  #created: Promise<unknown> | undefined;

  /** Creates the schema (once). */
  async ready(): Promise<void> {
    this.#created ??= this.admin.query(`CREATE SCHEMA "${this.schema}"`);
    await this.#created;
  }

  /** A provider on a table of this fixture's schema (default table "sessions"). */
  async provider(options: PostgresProviderOptions = {}): Promise<PostgresProvider> {
    await this.ready();
    const base = options.pool || options.connection ? {} : { url: postgresUrl() };
    const provider = await postgresProvider({ ...base, schema: this.schema, table: "sessions", ...options });
    this.#open.push(provider);
    return provider;
  }

  /** Closes the providers and drops the schema with everything in it. */
  async cleanup(): Promise<void> {
    await Promise.all(this.#open.map((p) => p.close()));
    await this.admin.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.admin.end();
  }
}
