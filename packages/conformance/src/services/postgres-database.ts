import type { TestDatabase } from "./test-database.js";
import { withDatabase } from "./test-database.js";
import { postgresUrl } from "./service-urls.js";
import { isTestDatabaseName, uniqueDatabaseName } from "./unique.js";

/** Creates a fresh, empty database on the test PostgreSQL server (`postgresUrl()` unless given); needs `pg`. */
export async function createPostgresTestDatabase(serverUrl: string = postgresUrl()): Promise<TestDatabase> {
  const name = uniqueDatabaseName();
  await runOnServer(serverUrl, `CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  return { name, url: withDatabase(serverUrl, name), drop: () => dropPostgresTestDatabase(name, serverUrl) };
}

/** Drops a database that `createPostgresTestDatabase()` created; refuses any other name. */
export async function dropPostgresTestDatabase(
  database: TestDatabase | string,
  serverUrl: string = typeof database === "string" ? postgresUrl() : database.url,
): Promise<void> {
  const name = typeof database === "string" ? database : database.name;
  if (!isTestDatabaseName(name)) {
    throw new Error(
      `[sess] [conformance] dropPostgresTestDatabase refuses "${name}": it only drops databases createPostgresTestDatabase() made (sess_test_<12 hex digits>)`,
    );
  }
  // FORCE: a pool the test forgot to end must not keep the database alive.
  await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const { Client } = await loadPg();
  // The maintenance database: the one in the URL may be the one being dropped.
  const client = new Client({ connectionString: withDatabase(serverUrl, "postgres"), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function loadPg(): Promise<typeof import("pg").default> {
  try {
    // pg is CommonJS: its classes live on the default export.
    return (await import("pg")).default;
  } catch (error) {
    throw new Error("[sess] [conformance] createPostgresTestDatabase needs the pg package: install pg 8.x", {
      cause: error,
    });
  }
}
