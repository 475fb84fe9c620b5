import { newManager, providers } from "@sess/core";
import { expectSessionRoundTrip } from "@sess/test-support/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../src/index.js";
import { adminPool, scratchDatabase, type ScratchDatabase } from "./support.js";

let db: ScratchDatabase;
beforeAll(async () => {
  db = await scratchDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** The seed's Go DSN for the test server: user:password@tcp(host:port)/dbname?param=value. */
function goDsn(params: string): string {
  const url = new URL(db.url);
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `${credentials}@tcp(${url.hostname}:${url.port || 3306})/${db.name}?${params}`;
}

describe("newManager with the seed's DSN", () => {
  it('registers "mysql" on import', () => {
    expect(providers()).toContain("mysql");
  });

  it('newManager("mysql", "gosessionid", 3600, dsn) stores, loads, counts and regenerates sessions', async () => {
    const manager = await newManager("mysql", "gosessionid", 3600, goDsn("charset=utf8mb4&parseTime=True&loc=Local&table=seed_sessions"));
    try {
      await expectSessionRoundTrip(manager);
      const admin = adminPool(db.name);
      const [rows] = await admin.query("SELECT COUNT(*) AS n FROM seed_sessions");
      await admin.end();
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await manager.close();
    }
  });
});
