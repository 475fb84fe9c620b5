import { mysqlUrl } from "./service-urls.js";
import { isTestDatabaseName, uniqueDatabaseName } from "./unique.js";

/** A database created for one test run. */
export interface TestDatabase {
  /** Its name, `sess_test_<12 hex digits>`. */
  readonly name: string;
  /** The server URL with this database as its path. */
  readonly url: string;
  /** Drops the database (same as `dropTestDatabase(this)`). */
  drop(): Promise<void>;
}

/** Creates a fresh, empty database on the test MySQL server (`mysqlUrl()` unless given); needs `mysql2`. */
export async function createTestDatabase(serverUrl: string = mysqlUrl()): Promise<TestDatabase> {
  const name = uniqueDatabaseName();
  await runOnServer(serverUrl, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const url = withDatabase(serverUrl, name);
  return { name, url, drop: () => dropTestDatabase(name, serverUrl) };
}

/** Drops a database that `createTestDatabase()` created; refuses any other name. */
export async function dropTestDatabase(
  database: TestDatabase | string,
  serverUrl: string = typeof database === "string" ? mysqlUrl() : database.url,
): Promise<void> {
  const name = typeof database === "string" ? database : database.name;
  if (!isTestDatabaseName(name)) {
    throw new Error(
      `[sess] [conformance] dropTestDatabase refuses "${name}": it only drops databases createTestDatabase() made (sess_test_<12 hex digits>)`,
    );
  }
  await runOnServer(serverUrl, `DROP DATABASE IF EXISTS \`${name}\``);
}

/** The URL with its path replaced by a database name. */
export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const { createConnection } = await loadMysql2();
  // Connect without a default database: the one in the URL may be the one being dropped.
  const connection = await createConnection({ uri: withDatabase(serverUrl, ""), connectTimeout: 10_000 });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

async function loadMysql2(): Promise<typeof import("mysql2/promise")> {
  try {
    return await import("mysql2/promise");
  } catch (error) {
    throw new Error("[sess] [conformance] createTestDatabase needs the mysql2 package: install mysql2 3.x", {
      cause: error,
    });
  }
}
