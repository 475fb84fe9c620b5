import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import connectPgSimple from "connect-pg-simple";
import { RedisStore } from "connect-redis";
import session from "express-session";
import MySQLStoreFactory from "express-mysql-session";
import mysql from "mysql2/promise";
import pg from "pg";
import { createClient } from "redis";
import FileStoreFactory from "session-file-store";
import { deleteKeysWithPrefix, mysqlUrl, postgresUrl, redisUrl, uniquePrefix } from "@sess/conformance/services";

/** An express-session store under test: `open()` makes an instance (the old app's, then the new app's), `cleanup()` removes the run's records. */
export interface StoreCase {
  name: string;
  open(): Promise<{ store: session.Store; close(): Promise<void> }>;
  cleanup(): Promise<void>;
}

/** express-session's MemoryStore lives in the process: both apps share the one instance. */
export function memoryCase(): StoreCase {
  const store = new session.MemoryStore();
  return { name: "MemoryStore", open: async () => ({ store, close: async () => {} }), cleanup: async () => {} };
}

export function redisCase(): StoreCase {
  const prefix = uniquePrefix();
  return {
    name: "connect-redis",
    async open() {
      const client = createClient({ url: redisUrl() });
      await client.connect();
      return { store: new RedisStore({ client, prefix }), close: async () => void (await client.quit()) };
    },
    cleanup: async () => void (await deleteKeysWithPrefix(prefix)),
  };
}

export function postgresCase(): StoreCase {
  const tableName = `legacy_${uniquePrefix().replace(/\W/g, "_").toLowerCase()}`.slice(0, 60);
  const PgStore = connectPgSimple(session);
  return {
    name: "connect-pg-simple",
    async open() {
      const pool = new pg.Pool({ connectionString: postgresUrl(), max: 4 });
      const store = new PgStore({ pool, tableName, createTableIfMissing: true, pruneSessionInterval: false });
      return { store, close: () => pool.end() };
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: postgresUrl() });
      await client.connect();
      await client.query(`DROP TABLE IF EXISTS "${tableName}"`);
      await client.end();
    },
  };
}

export function mysqlCase(): StoreCase {
  const tableName = `legacy_${uniquePrefix().replace(/\W/g, "_").toLowerCase()}`.slice(0, 60);
  const url = new URL(mysqlUrl());
  const config = {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    createDatabaseTable: true,
    clearExpired: false,
    schema: { tableName },
  };
  const MySQLStore = MySQLStoreFactory(session);
  return {
    name: "express-mysql-session",
    async open() {
      const store = new MySQLStore(config);
      await store.onReady();
      return { store, close: () => store.close() };
    },
    async cleanup() {
      const connection = await mysql.createConnection(mysqlUrl());
      await connection.query(`DROP TABLE IF EXISTS \`${tableName}\``);
      await connection.end();
    },
  };
}

export function fileCase(): StoreCase {
  const path = mkdtempSync(join(tmpdir(), "sess-bridge-files-"));
  const FileStore = FileStoreFactory(session);
  return {
    name: "session-file-store",
    open: async () => ({ store: new FileStore({ path, retries: 0, reapInterval: -1, logFn: () => {} }), close: async () => {} }),
    cleanup: async () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Reads a legacy record straight from a store, as express-session would. */
export function legacyRecord(store: session.Store, id: string): Promise<session.SessionData | null | undefined> {
  return new Promise((resolve, reject) =>
    store.get(id, (err: (Error & { code?: string }) | null, data) => (err?.code === "ENOENT" ? resolve(null) : err ? reject(err) : resolve(data))),
  );
}
