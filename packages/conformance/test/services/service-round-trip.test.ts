import { createConnection } from "mysql2/promise";
import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  dropTestDatabase,
  createPostgresTestDatabase,
  dropPostgresTestDatabase,
  mysqlUrl,
  postgresUrl,
  redisUrl,
  uniquePrefix,
} from "../../src/services/index.js";

// The container path (.ci/containers.sh) sets this to prove the URLs came from
// Testcontainers and not from the environment.
const expectContainers = process.env.SESS_TEST_EXPECT_CONTAINERS === "1";

describe("services", () => {
  it("redisUrl(), mysqlUrl() and postgresUrl() come from the environment when set, else from the global setup", () => {
    if (expectContainers) {
      expect(process.env.SESS_TEST_REDIS_URL ?? "").toBe("");
      expect(process.env.SESS_TEST_MYSQL_URL ?? "").toBe("");
      // No local PostgreSQL image is built (.ci/images); PostgreSQL comes from its URL or a process.
    }
    expect(redisUrl()).toBe(process.env.SESS_TEST_REDIS_URL || inject("sessRedisUrl"));
    expect(mysqlUrl()).toBe(process.env.SESS_TEST_MYSQL_URL || inject("sessMysqlUrl"));
    expect(postgresUrl()).toBe(process.env.SESS_TEST_POSTGRES_URL || inject("sessPostgresUrl"));
    expect(redisUrl()).toMatch(/^redis:\/\//);
    expect(mysqlUrl()).toMatch(/^mysql:\/\//);
    expect(postgresUrl()).toMatch(/^postgres(ql)?:\/\//);
  });

  it("redisUrl() serves ioredis: a key under uniquePrefix() round-trips and deleteKeysWithPrefix() removes it", async () => {
    const prefix = uniquePrefix();
    const client = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
    try {
      await client.set(`${prefix}a`, "value \u0000 ✓");
      await client.set(`${prefix}b`, "2");
      expect(await client.get(`${prefix}a`)).toBe("value \u0000 ✓");
      expect(await deleteKeysWithPrefix(prefix)).toBe(2);
      expect(await client.exists(`${prefix}a`, `${prefix}b`)).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it("deleteKeysWithPrefix(prefix) refuses a prefix uniquePrefix() did not make", async () => {
    await expect(deleteKeysWithPrefix("sess:")).rejects.toThrow(/refuses/);
    await expect(deleteKeysWithPrefix("")).rejects.toThrow(/refuses/);
  });

  it("createTestDatabase() gives mysql2 a fresh database that dropTestDatabase() removes", async () => {
    const database = await createTestDatabase();
    expect(database.name).toMatch(/^sess_test_[0-9a-f]{12}$/);
    const connection = await createConnection({ uri: database.url });
    try {
      await connection.query("CREATE TABLE t (k VARCHAR(64) PRIMARY KEY, v TEXT)");
      await connection.query("INSERT INTO t VALUES (?, ?)", ["key", "välue"]);
      const [rows] = await connection.query("SELECT v FROM t WHERE k = ?", ["key"]);
      expect(rows).toEqual([{ v: "välue" }]);
    } finally {
      await connection.end();
    }
    await database.drop();
    expect(await databaseExists(database.name)).toBe(false);
  });

  it("dropTestDatabase(name) refuses a database createTestDatabase() did not make", async () => {
    await expect(dropTestDatabase("test")).rejects.toThrow(/refuses/);
    await expect(dropTestDatabase("sess_test_x`; DROP DATABASE test; --")).rejects.toThrow(/refuses/);
    expect(await databaseExists("test")).toBe(new URL(mysqlUrl()).pathname === "/test");
  });
});

describe("postgres services", () => {
  it("createPostgresTestDatabase() gives pg a fresh database that dropPostgresTestDatabase() removes", async () => {
    const database = await createPostgresTestDatabase();
    expect(database.name).toMatch(/^sess_test_[0-9a-f]{12}$/);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
      await client.query("INSERT INTO t VALUES ($1, $2)", ["key", "välue"]);
      const result = await client.query("SELECT v FROM t WHERE k = $1", ["key"]);
      expect(result.rows).toEqual([{ v: "välue" }]);
    } finally {
      await client.end();
    }
    await database.drop();
    expect(await postgresDatabaseExists(database.name)).toBe(false);
  });

  it("dropPostgresTestDatabase(name) refuses a database createPostgresTestDatabase() did not make", async () => {
    await expect(dropPostgresTestDatabase("test")).rejects.toThrow(/refuses/);
    await expect(dropPostgresTestDatabase('sess_test_x"; DROP DATABASE test; --')).rejects.toThrow(/refuses/);
  });
});

async function postgresDatabaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    const result = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const connection = await createConnection({ uri: mysqlUrl() });
  try {
    const [rows] = await connection.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [name]);
    return Array.isArray(rows) && rows.length === 1;
  } finally {
    await connection.end();
  }
}
