import { randomBytes } from "node:crypto";

const smoke = process.env.BENCH_SMOKE === "1";
const duration = Number(process.env.BENCH_DURATION ?? (smoke ? 1 : 8));

/** Settings of one bench run, from the environment (BENCH_SMOKE, BENCH_DURATION, BENCH_ONLY, SESS_TEST_*_URL). */
export const config = {
  smoke,
  /** Seconds of measured load per system and workload. */
  duration: Number.isFinite(duration) && duration > 0 ? duration : 8,
  /** Seconds of unmeasured load before each measured window (JIT, pools, caches). */
  warmup: smoke ? 0 : 1,
  /** Sessions created before the load starts; the client cycles through their cookies. */
  sessions: smoke ? 100 : 10_000,
  /** Rounds the measured time of each system and workload is split into (spreads background load over the systems). */
  rounds: Math.max(1, Number(process.env.BENCH_ROUNDS ?? (smoke ? 1 : 2)) || 1),
  connections: 50,
  /** Comma-separated system ids to run (all when unset), for working on one system. */
  only: process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",")) : undefined,
  /** Comma-separated sections to run: http, inprocess, memory, scale (all when unset). */
  sections: new Set((process.env.BENCH_SECTIONS ?? "http,inprocess,memory,scale").split(",")),
  redisUrl: process.env.SESS_TEST_REDIS_URL || undefined,
  mysqlUrl: process.env.SESS_TEST_MYSQL_URL || undefined,
  postgresUrl: process.env.SESS_TEST_POSTGRES_URL || undefined,
  /** Unique per run: Redis key prefixes, MySQL table names and directories carry it, and cleanup removes exactly those. */
  runId: `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`,
  /** Sessions for the heap-per-session measurement. */
  memorySessions: smoke ? 2_000 : 100_000,
  /** Session counts for the memory provider's gc()/count() scale table. */
  scaleSteps: smoke ? [10_000] : [10_000, 100_000, 1_000_000],
  /** Records per provider for the count() comparison. */
  countRecords: smoke ? 500 : 100_000,
  /** tinybench time per task, ms. */
  benchTime: smoke ? 50 : 1000,
};
