import { randomBytes } from "node:crypto";
import { mysqlUrl } from "@sess/conformance/services";
import { createPool, type Pool } from "mysql2/promise";
import { mysqlProvider, type MysqlProvider, type MysqlProviderOptions } from "../src/index.js";

/** The MariaDB / MySQL server under test: SESS_TEST_MYSQL_URL, or the global setup's container. */
export { mysqlUrl };

/** Keys, change sets and expiries, as every SQL provider test writes them. */
export { change, later, randomKey } from "@sess/test-support/provider";

/** A table name no other run uses. */
export function uniqueTable(prefix = "sess_t"): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

/** A pool for DDL, KILL and inspection, outside any provider. */
export function adminPool(database?: string): Pool {
  const url = new URL(mysqlUrl());
  if (database) url.pathname = `/${database}`;
  return createPool({ uri: url.toString(), connectionLimit: 4 });
}

/** Opens providers on one table per test file (or on tables named after it) and drops the tables afterwards. */
export class Fixture {
  readonly table = uniqueTable();
  readonly admin = adminPool();
  readonly #open: MysqlProvider[] = [];
  readonly #tables = new Set([this.table]);

  /** A provider on this fixture's table, or on `options.table` (dropped by cleanup too). */
  async provider(options: MysqlProviderOptions = {}): Promise<MysqlProvider> {
    if (options.table) this.#tables.add(options.table);
    const provider = await mysqlProvider({ dsn: mysqlUrl(), table: this.table, ...options });
    this.#open.push(provider);
    return provider;
  }

  /** Closes the providers and drops the tables. */
  async cleanup(): Promise<void> {
    await Promise.all(this.#open.map((p) => p.close()));
    for (const table of this.#tables) await this.admin.query(`DROP TABLE IF EXISTS \`${table}\``);
    await this.admin.end();
  }
}

/** A database made for one test file, `sess_test_<12 hex>`, dropped by `drop()`. */
export interface ScratchDatabase {
  name: string;
  /** The server URL with this database as its path. */
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test server. */
export async function scratchDatabase(): Promise<ScratchDatabase> {
  const name = `sess_test_${randomBytes(6).toString("hex")}`;
  const admin = adminPool();
  try {
    await admin.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await admin.end();
  }
  const url = new URL(mysqlUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const dropper = adminPool();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await dropper.end();
      }
    },
  };
}
