import type session from "express-session";

/** A real store behind a wrapper that counts the calls the bridge makes, and can be told to fail them. */
export function counting(store: session.Store) {
  const calls = { get: 0, destroy: 0, set: 0 };
  const faults = { get: undefined as Error | "hang" | undefined };
  const wrapped = {
    get(sid: string, callback: (err: unknown, data?: session.SessionData | null) => void) {
      calls.get++;
      const fault = faults.get;
      if (fault === "hang") return;
      if (fault) return callback(fault);
      store.get(sid, callback);
    },
    destroy(sid: string, callback?: (err?: unknown) => void) {
      calls.destroy++;
      store.destroy(sid, callback);
    },
    set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void) {
      calls.set++;
      store.set(sid, data, callback);
    },
  };
  return { calls, faults, store: wrapped };
}
