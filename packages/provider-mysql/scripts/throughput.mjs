// Provider calls per second at a fixed concurrency: node scripts/throughput.mjs [server-url]
// (build first). Works in a database of its own, sess_test_<hex>, and drops it at the end.
// A rough figure for this package alone; the HTTP comparison lives in the repository's bench/.
import { randomBytes } from "node:crypto";
import { createPool } from "mysql2/promise";
import { mysqlProvider } from "../dist/index.js";

const server = new URL(process.argv[2] ?? process.env.SESS_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test");
const name = `sess_test_${randomBytes(6).toString("hex")}`;
const admin = createPool({ uri: Object.assign(new URL(server), { pathname: "/" }).toString(), connectionLimit: 1 });
await admin.query(`CREATE DATABASE \`${name}\``);
const CONCURRENCY = 32;
const SECONDS = 5;
try {
  const provider = await mysqlProvider({ dsn: Object.assign(new URL(server), { pathname: `/${name}` }).toString(), connectionLimit: 16 });
  const keys = Array.from({ length: 1000 }, () => randomBytes(32).toString("hex"));
  const expires = () => Date.now() + 3_600_000;
  for (const key of keys) await provider.write(key, { isNew: true, clear: false, set: { user: "ada", cart: "x".repeat(200) }, deleted: [], createdAt: Date.now() }, expires());
  const ops = {
    "read(key)": (key) => provider.read(key),
    "write(key, one key changed)": (key) => provider.write(key, { isNew: false, clear: false, set: { seen: String(Date.now()) }, deleted: [], createdAt: 0 }, expires()),
    "touch(key)": (key) => provider.touch(key, expires()),
  };
  for (const [label, op] of Object.entries(ops)) {
    let done = 0;
    const end = Date.now() + SECONDS * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; Date.now() < end; i += CONCURRENCY) {
        await op(keys[i % keys.length]);
        done++;
      }
    }));
    console.log(`${label}: ${Math.round(done / SECONDS)} calls/s (concurrency ${CONCURRENCY}, ${SECONDS} s)`);
  }
  await provider.close();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
}
