import { randomBytes } from "node:crypto";
import type { ChangeSet } from "@sess/core";
import { mysqlUrl } from "@sess/conformance/services";
import { createPool, type Pool } from "mysql2/promise";
import { mysqlProvider, type MysqlProvider, type MysqlProviderOptions } from "../src/index.js";

/** The MariaDB / MySQL server under test: SESS_TEST_MYSQL_URL, or the global setup's container. */
export { mysqlUrl };

/** A fresh storage key. */
export function randomKey(): string {
  return randomBytes(32).toString("hex");
}

/** A table name no other run uses. */
export function uniqueTable(prefix = "sess_t"): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

/** A ChangeSet with defaults. */
export function change(set: Record<string, string>, extra: Partial<ChangeSet> = {}): ChangeSet {
  return { isNew: false, clear: false, set, deleted: [], createdAt: Date.now(), ...extra };
}

/** An hour from now, epoch ms. */
export function later(ms = 3_600_000): number {
  return Date.now() + ms;
}

/** A pool for DDL, KILL and inspection, outside any provider. */
export function adminPool(database?: string): Pool {
  const url = new URL(mysqlUrl());
  if (database) url.pathname = `/${database}`;
  return createPool({ uri: url.toString(), connectionLimit: 4 });
}

/** Opens providers on one table per test file and drops the table afterwards. */
export class Fixture {
  readonly table = uniqueTable();
  readonly admin = adminPool();
  readonly #open: MysqlProvider[] = [];

  /** A provider on this fixture's table. */
  async provider(options: MysqlProviderOptions = {}): Promise<MysqlProvider> {
    const provider = await mysqlProvider({ dsn: mysqlUrl(), table: this.table, ...options });
    this.#open.push(provider);
    return provider;
  }

  /** Closes the providers and drops the table. */
  async cleanup(): Promise<void> {
    await Promise.all(this.#open.map((p) => p.close()));
    await this.admin.query(`DROP TABLE IF EXISTS \`${this.table}\``);
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
