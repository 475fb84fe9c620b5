// Measures count() and gc() on 100k sessions with 0% and with 10% expired:
// node scripts/count-gc-100k.mjs [server-url] (build first; the URL defaults to
// SESS_TEST_POSTGRES_URL). Works in a schema of its own, sess_test_<hex>, and drops it.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { postgresProvider } from "../dist/index.js";

const server = process.argv[2] ?? process.env.SESS_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `sess_test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Pool({ connectionString: server, max: 1 });
const ROWS = 100_000;
const ms = (t) => (performance.now() - t).toFixed(1);

/** Fills `table` with ROWS sessions, `expiredShare` of them expired, in one server-side INSERT. */
async function fill(table, expiredShare) {
  const now = Date.now();
  const started = performance.now();
  await admin.query(
    `INSERT INTO "${schema}"."${table}" (key, data, created_at, expires_at)
     SELECT encode(sha256(($1 || i)::bytea), 'hex'), jsonb_build_object('user', 'u' || i, 'cart', repeat('x', 64)), $2::bigint,
            CASE WHEN i % 100 < $3 THEN $2::bigint - 1000 - i ELSE $2::bigint + 3600000 + i END
     FROM generate_series(1, $4) AS i`,
    [randomBytes(8).toString("hex"), now, Math.round(expiredShare * 100), ROWS],
  );
  await admin.query(`VACUUM ANALYZE "${schema}"."${table}"`);
  return ms(started);
}

async function measure(expiredShare) {
  const table = `sessions_${Math.round(expiredShare * 100)}`;
  const provider = await postgresProvider({ url: server, schema, table, gcBatchSize: 1000 });
  try {
    const fillMs = await fill(table, expiredShare);
    const { rows: plan } = await admin.query(`EXPLAIN SELECT count(*) FROM "${schema}"."${table}" WHERE expires_at > $1::bigint`, [Date.now()]);
    const times = [];
    let live = 0;
    for (let i = 0; i < 11; i++) {
      const t = performance.now();
      live = await provider.count();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    let t = performance.now();
    const removed = await provider.gc();
    const gcMs = ms(t);
    t = performance.now();
    const after = await provider.count();
    console.log(
      `${Math.round(expiredShare * 100)}% expired: fill ${fillMs} ms; count() = ${live}: median ${times[5].toFixed(1)} ms, min ${times[0].toFixed(1)} ms (11 runs); ` +
        `gc() removed ${removed} in ${gcMs} ms; count() after = ${after} in ${ms(t)} ms`,
    );
    console.log(`  plan: ${plan.map((r) => r["QUERY PLAN"].trim()).join(" | ")}`);
  } finally {
    await provider.close();
  }
}

try {
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await measure(0);
  await measure(0.1);
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}
