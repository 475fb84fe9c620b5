// Measures count() and gc() on 100k rows: node scripts/count-100k.mjs [server-url]
// (build first; the URL defaults to SESS_TEST_MYSQL_URL). Works in a database of its
// own, sess_test_<hex>, and drops it at the end.
import { randomBytes } from "node:crypto";
import { createPool } from "mysql2/promise";
import { mysqlProvider } from "../dist/index.js";

const server = new URL(process.argv[2] ?? process.env.SESS_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test");
const name = `sess_test_${randomBytes(6).toString("hex")}`;
const admin = createPool({ uri: Object.assign(new URL(server), { pathname: "/" }).toString(), connectionLimit: 1 });
await admin.query(`CREATE DATABASE \`${name}\``);
const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const ROWS = 100_000;
const now = Date.now();
try {
  const provider = await mysqlProvider({ dsn: url, table: "sessions", gcBatchSize: 1000 });
  const pool = createPool({ uri: url, connectionLimit: 1 });
  let started = performance.now();
  for (let done = 0; done < ROWS; done += 5000) {
    const rows = [];
    // Half the rows live, half expired, spread over about a day either side of now.
    for (let i = done; i < done + 5000; i++) {
      const offset = ((i % 2 ? 1 : -1) * (1 + (i % 3_600_000)));
      rows.push([randomBytes(32).toString("hex"), JSON.stringify({ user: `u${i}`, cart: "x".repeat(64) }), now - 1000, now + offset * 1000]);
    }
    await pool.query("INSERT INTO sessions (id, data, created_at, expires_at) VALUES ?", [rows]);
  }
  console.log(`bulk insert of ${ROWS} rows: ${Math.round(performance.now() - started)} ms`);
  await pool.query("ANALYZE TABLE sessions");
  const [plan] = await pool.query("EXPLAIN SELECT COUNT(*) FROM sessions WHERE expires_at > ?", [Date.now()]);
  console.log("EXPLAIN count:", JSON.stringify(plan.map((r) => ({ type: r.type, key: r.key, rows: r.rows, Extra: r.Extra }))));
  const times = [];
  let live = 0;
  for (let i = 0; i < 21; i++) {
    started = performance.now();
    live = await provider.count();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`count() = ${live}: median ${times[10].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[20].toFixed(1)} ms (21 runs)`);
  started = performance.now();
  const removed = await provider.gc();
  console.log(`gc() removed ${removed} expired rows in ${Math.round(performance.now() - started)} ms (batches of 1000)`);
  started = performance.now();
  live = await provider.count();
  console.log(`count() after gc = ${live}: ${(performance.now() - started).toFixed(1)} ms`);
  await pool.end();
  await provider.close();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
}
