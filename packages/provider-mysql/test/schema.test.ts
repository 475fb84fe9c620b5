import { isSessError } from "@sess/core";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA_VERSION, mysqlProvider } from "../src/index.js";
import { adminPool, change, later, randomKey, scratchDatabase, type ScratchDatabase } from "./support.js";

let db: ScratchDatabase;
let admin: Pool;
beforeAll(async () => {
  db = await scratchDatabase();
  admin = adminPool(db.name);
});
afterAll(async () => {
  await admin?.end();
  await db?.drop();
});

async function columnsOf(table: string): Promise<Record<string, string>> {
  const [rows] = await admin.query<RowDataPacket[]>(
    "SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, CHARACTER_SET_NAME AS cs FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
    [db.name, table],
  );
  return Object.fromEntries(rows.map((r) => [r.name as string, `${r.type as string}${r.cs ? ` ${r.cs as string}` : ""}`]));
}

describe("schema", () => {
  it("mysqlProvider(dsn) creates the table on an empty database, with the expiry and subject indexes and the schema version", async () => {
    const provider = await mysqlProvider({ dsn: db.url, table: "fresh" });
    try {
      expect(await columnsOf("fresh")).toEqual({
        id: "char(64) ascii",
        data: "longtext utf8mb4",
        // MySQL 8 drops the display width that MariaDB shows.
        created_at: expect.stringMatching(/^bigint(\(20\))?$/),
        expires_at: expect.stringMatching(/^bigint(\(20\))?$/),
        subject: "varbinary(768)",
      });
      const [indexes] = await admin.query<RowDataPacket[]>("SHOW INDEX FROM `fresh`");
      expect(indexes.map((i) => `${i.Key_name as string}:${i.Column_name as string}`).sort()).toEqual(["PRIMARY:id", "expires_at_idx:expires_at", "subject_idx:subject"]);
      const [[table]] = await admin.query<RowDataPacket[]>("SELECT TABLE_COMMENT AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'fresh'", [db.name]);
      expect(table?.c).toBe(`sess:provider-mysql schema=${SCHEMA_VERSION}`);
      const key = randomKey();
      await provider.write(key, change({ a: "1" }, { isNew: true }), later());
      expect((await provider.read(key))?.data).toEqual({ a: "1" });
    } finally {
      await provider.close();
    }
  });

  it("mysqlProvider(dsn) is safe when many processes create the same table at once", async () => {
    const providers = await Promise.all(Array.from({ length: 6 }, () => mysqlProvider({ dsn: db.url, table: "raced", connectionLimit: 1 })));
    try {
      const key = randomKey();
      await providers[0]!.write(key, change({ a: "1" }, { isNew: true }), later());
      for (const p of providers) expect(await p.exists(key)).toBe(true);
    } finally {
      await Promise.all(providers.map((p) => p.close()));
    }
  });

  it("mysqlProvider upgrades a schema-1 table in place, keeping its sessions, even when processes race to do it", async () => {
    await admin.query(
      "CREATE TABLE v1_t (id CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, data LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, " +
        "created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (id), KEY expires_at_idx (expires_at)) " +
        "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='sess:provider-mysql schema=1'",
    );
    const key = randomKey();
    await admin.query("INSERT INTO v1_t VALUES (?, '{\"a\":\"1\"}', ?, ?)", [key, Date.now(), later()]);
    await expect(mysqlProvider({ dsn: db.url, table: "v1_t", createTable: false })).rejects.toSatisfy(
      (e) => isSessError(e, "INVALID_CONFIG") && /schema 1: run ALTER TABLE/.test((e as Error).message),
    );
    const providers = await Promise.all(Array.from({ length: 3 }, () => mysqlProvider({ dsn: db.url, table: "v1_t", connectionLimit: 1 })));
    try {
      expect((await columnsOf("v1_t")).subject).toBe("varbinary(768)");
      expect((await providers[0]!.read(key))?.data).toEqual({ a: "1" });
      await providers[1]!.write(key, change({}, { subject: "ann" }), later());
      expect((await providers[2]!.listSubject("ann")).map((e) => e.key)).toEqual([key]);
    } finally {
      await Promise.all(providers.map((p) => p.close()));
    }
  });

  it("mysqlProvider upgrades a schema-2 table (PAD SPACE subject) to a binary subject, keeping its sessions and bindings", async () => {
    await admin.query(
      "CREATE TABLE v2_t (id CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, data LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, " +
        "created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, subject VARCHAR(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL, " +
        "PRIMARY KEY (id), KEY expires_at_idx (expires_at), KEY subject_idx (subject)) " +
        "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='sess:provider-mysql schema=2'",
    );
    const [alice, other] = [randomKey(), randomKey()];
    await admin.query("INSERT INTO v2_t VALUES (?, '{\"a\":\"1\"}', ?, ?, 'alice'), (?, '{}', ?, ?, 'ünï 𝄞')", [alice, Date.now(), later(), other, Date.now(), later()]);
    await expect(mysqlProvider({ dsn: db.url, table: "v2_t", createTable: false })).rejects.toSatisfy(
      (e) => isSessError(e, "INVALID_CONFIG") && /schema 2: run ALTER TABLE .* MODIFY COLUMN subject/.test((e as Error).message),
    );
    const providers = await Promise.all(Array.from({ length: 3 }, () => mysqlProvider({ dsn: db.url, table: "v2_t", connectionLimit: 1 })));
    try {
      expect((await columnsOf("v2_t")).subject).toBe("varbinary(768)");
      expect((await providers[0]!.listSubject("alice")).map((e) => e.key)).toEqual([alice]);
      expect(await providers[1]!.listSubject("alice ")).toEqual([]);
      expect(await providers[1]!.destroySubject("alice ")).toBe(0);
      expect((await providers[2]!.read(other))?.subject).toBe("ünï 𝄞");
      expect((await providers[2]!.read(alice))?.data).toEqual({ a: "1" });
    } finally {
      await Promise.all(providers.map((p) => p.close()));
    }
  });

  it("mysqlProvider({ createTable: false }) rejects INVALID_CONFIG when the table is absent, creating nothing", async () => {
    await expect(mysqlProvider({ dsn: db.url, table: "absent", createTable: false })).rejects.toSatisfy(
      (e) => isSessError(e, "INVALID_CONFIG") && /does not exist/.test((e as Error).message),
    );
    expect(await columnsOf("absent")).toEqual({});
  });

  it("mysqlProvider rejects INVALID_CONFIG for a table it did not create or from a newer schema", async () => {
    await admin.query("CREATE TABLE foreign_t (id INT PRIMARY KEY)");
    await expect(mysqlProvider({ dsn: db.url, table: "foreign_t" })).rejects.toSatisfy(
      (e) => isSessError(e, "INVALID_CONFIG") && /not created by/.test((e as Error).message),
    );
    await admin.query(`CREATE TABLE future_t (id INT PRIMARY KEY) COMMENT='sess:provider-mysql schema=${SCHEMA_VERSION + 1}'`);
    await expect(mysqlProvider({ dsn: db.url, table: "future_t" })).rejects.toSatisfy(
      (e) => isSessError(e, "INVALID_CONFIG") && /newer/.test((e as Error).message),
    );
  });

  it("mysqlProvider rejects INVALID_CONFIG when the DSN names no database", async () => {
    const url = new URL(db.url);
    url.pathname = "/";
    await expect(mysqlProvider(url.toString())).rejects.toSatisfy((e) => isSessError(e, "INVALID_CONFIG") && /no database/.test((e as Error).message));
  });

  it("mysqlProvider rejects a table name that is not a plain identifier, before connecting", async () => {
    for (const table of ["a`b", "x; DROP TABLE y", "1abc", "", "a".repeat(65), "a-b", "t\u0000"]) {
      await expect(mysqlProvider({ dsn: db.url, table })).rejects.toSatisfy((e) => isSessError(e, "INVALID_CONFIG"));
    }
  });

  it("mysqlProvider rejects unknown options and a missing connection", async () => {
    await expect(mysqlProvider({ dsn: db.url, tabel: "x" } as never)).rejects.toSatisfy((e) => isSessError(e, "INVALID_CONFIG") && /"tabel"/.test((e as Error).message));
    await expect(mysqlProvider({ table: "x" })).rejects.toSatisfy((e) => isSessError(e, "INVALID_CONFIG"));
    await expect(mysqlProvider({ maxLifetime: 60, config: 42 })).rejects.toSatisfy((e) => isSessError(e, "INVALID_CONFIG"));
  });
});
