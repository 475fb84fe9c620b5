/**
 * The names this package emits. Attribute keys follow OpenTelemetry's semantic conventions where
 * one applies (`db.system.name`, `db.operation.name`, `error.type`); the rest live under `sess.`.
 */

/** The instrumentation scope (tracer and meter name). */
export const SCOPE = "@sess/opentelemetry";

/** Metric names. Counters are monotonic sums; the duration is a histogram in seconds. */
export const Metric = {
  /** Store-call latency by operation, provider (and `error.type` when it failed). */
  storeDuration: "sess.store.operation.duration",
  /** Store calls that failed, by `error.type` (the `SessError` code) and operation. */
  storeErrors: "sess.store.errors",
  /** Sessions first stored. */
  created: "sess.sessions.created",
  /** Sessions ended by `destroy()` or a revoke. */
  destroyed: "sess.sessions.destroyed",
  /** Sessions given a new id. */
  regenerated: "sess.sessions.regenerated",
  /** Sessions found past their time on load, or removed by GC. */
  expired: "sess.sessions.expired",
  /** Session cookies not honoured, by `sess.cookie.rejection.reason`. */
  cookiesRejected: "sess.cookies.rejected",
  /** Requests served a detached fresh session because the store was down (`storeDown: "fresh"`). */
  storeDownFresh: "sess.store_down.fresh_sessions",
} as const;

/** Attribute keys. */
export const Attr = {
  provider: "sess.provider",
  operation: "db.operation.name",
  dbSystem: "db.system.name",
  /** The pre-1.26 spelling, kept beside the stable one for backends that still key on it. */
  dbSystemLegacy: "db.system",
  errorType: "error.type",
  rejection: "sess.cookie.rejection.reason",
} as const;

/** A store call's span name: `sess.store.<operation>`. */
export function spanName(operation: string): string {
  return `sess.store.${operation}`;
}
