import { SessError, SessErrorCode } from "@sess/core";

/** express-session's cookie as a store returns it: after JSON, `expires` is a string. */
export interface LegacyCookie {
  expires?: string | Date | null;
  originalMaxAge?: number | null;
}

/** A session as an express-session store returns it: the application's fields plus `cookie`. */
export interface LegacySessionData {
  cookie?: LegacyCookie;
  [field: string]: unknown;
}

/**
 * The part of express-session's `Store` the bridge calls, so every store written for it
 * works: connect-redis, connect-pg-simple, express-mysql-session, session-file-store,
 * memorystore, connect-mongo, MemoryStore. `set` is called only with `keepLegacy`.
 */
export interface LegacyStore {
  // The session is read as unknown data and checked: every store types it its own way.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stores' own callback types take any
  get(sid: string, callback: (err: any, session?: any) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  destroy(sid: string, callback?: (err?: any) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  set?(sid: string, session: any, callback?: (err?: any) => void): unknown;
}

/**
 * One callback-style store call as a promise that settles once: a store that calls back
 * twice, throws, rejects (stores written as async functions) or never answers within
 * `timeoutMs` gives `STORE_UNAVAILABLE` with the store's error as `cause`. ENOENT means
 * absent, as express-session reads it.
 */
export function callStore<T>(what: string, timeoutMs: number, call: (done: (err?: unknown, value?: T) => void) => unknown): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // express-session reads ENOENT (session-file-store's missing file) as "no session".
      if (err == null || (err as { code?: unknown }).code === "ENOENT") resolve(err == null ? value : undefined);
      else reject(new SessError(SessErrorCode.STORE_UNAVAILABLE, `the legacy store's ${what} failed: ${String((err as Error).message ?? err)}`, { source: "express-session-bridge", cause: err }));
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      const returned = call(finish);
      if (returned instanceof Promise) returned.catch((err: unknown) => finish(err ?? new Error("rejected")));
    } catch (err) {
      finish(err ?? new Error("threw"));
    }
  });
}

/** Whether express-session would refuse this session as expired: its `cookie.expires` is at or before `now`. */
export function legacyExpired(session: LegacySessionData, now: number): boolean {
  const expires = session.cookie?.expires;
  if (expires == null) return false;
  const at = expires instanceof Date ? expires.getTime() : Date.parse(expires);
  return !Number.isNaN(at) && at <= now;
}
