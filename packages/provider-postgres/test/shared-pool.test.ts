import { randomBytes } from "node:crypto";
import { concurrencyGroup } from "@sess/conformance";
import { unavailable, until } from "@sess/test-support/provider";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresProvider } from "../src/index.js";
import { Fixture, adminPool, change, later, postgresUrl, randomKey } from "./support.js";

// The application's own pool (Prisma, Drizzle, Kysely setups): no statement_timeout, no startup
// options, and whatever isolation the role or database defaults to.
const fx = new Fixture();
const role = `sess_rr_${randomBytes(4).toString("hex")}`;
const pools: pg.Pool[] = [];
beforeAll(async () => {
  await fx.ready();
  await fx.admin.query(`CREATE ROLE ${role} LOGIN`);
  await fx.admin.query(`ALTER ROLE ${role} SET default_transaction_isolation = 'repeatable read'`);
  await fx.admin.query(`GRANT ALL ON SCHEMA "${fx.schema}" TO ${role}`);
});
afterAll(async () => {
  await fx.cleanup();
  await Promise.all(pools.map((p) => p.end()));
  const admin = adminPool();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

function appPool(config: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: postgresUrl(), max: 8, ...config });
  pool.on("error", () => {});
  pools.push(pool);
  return pool;
}

/** A URL that logs in as the private role whose default isolation is REPEATABLE READ. */
function roleUrl(): string {
  const url = new URL(postgresUrl());
  url.username = role;
  url.password = "";
  return url.toString();
}

let tables = 0;

describe("a pool whose sessions default to SERIALIZABLE (connection options)", () => {
  concurrencyGroup(it, () => fx.provider({ pool: appPool({ options: "-c default_transaction_isolation=serializable" }), table: `ser_${++tables}` }));
});

describe("the provider's own pool, logged in as a role whose default is REPEATABLE READ", () => {
  concurrencyGroup(it, () => fx.provider({ url: roleUrl(), table: `rr_${++tables}`, max: 8 }));

});

describe("deadlines on the application's pool", () => {
  it("writes blocked past queryTimeoutMs are cancelled on the server and never land once the lock clears", async () => {
    const app = `sess_shared_${randomBytes(4).toString("hex")}`;
    const pool = appPool({ application_name: app });
    const p: PostgresProvider = await fx.provider({ pool, table: "shared_deadline", queryTimeoutMs: 300 });
    const key = randomKey();
    await p.write(key, change({ a: "1" }, { isNew: true }), later());
    const locker = await fx.admin.connect();
    try {
      await locker.query("BEGIN");
      await locker.query(`SELECT 1 FROM "${fx.schema}".shared_deadline WHERE key = $1 FOR UPDATE`, [key]);
      const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => p.write(key, change({ [`b${i}`]: "2" }), later())));
      for (const r of results) expect(r.status === "rejected" && unavailable(r.reason)).toBe(true);
      const running = async () => {
        const { rows } = await fx.admin.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'", [app]);
        return rows.length === 0 ? true : undefined;
      };
      await until(running, "the abandoned UPDATEs to stop on the server", 2000);
    } finally {
      await locker.query("ROLLBACK");
      locker.release();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await p.read(key))!.data).toEqual({ a: "1" });
  });
});
