import type { SessionPolicy } from "./policy.js";

/** The times a session's expiry is computed from, epoch ms (`expiresAt` undefined until it is first stored). */
export interface ExpiryState {
  readonly createdAt: number;
  readonly expiresAt: number | undefined;
  readonly stored: boolean;
}

/** The expiry a release at `now` gives the session: the idle end (rolling or fixed) capped by the absolute end. */
export function nextExpiry(policy: SessionPolicy, state: ExpiryState, now: number): number {
  const { idleMs, absoluteMs, rolling } = policy;
  const absoluteEnd = absoluteMs === undefined ? Number.POSITIVE_INFINITY : state.createdAt + absoluteMs;
  const idleEnd = rolling || state.expiresAt === undefined ? (rolling ? now : state.createdAt) + idleMs : state.expiresAt;
  return Math.min(idleEnd, absoluteEnd);
}

/** Whether an unchanged session is due for an expiry refresh at `now` (touchAfter has passed). */
export function touchDue(policy: SessionPolicy, state: ExpiryState, now: number): boolean {
  if (!state.stored || state.expiresAt === undefined || !policy.rolling) return false;
  return nextExpiry(policy, state, now) - state.expiresAt >= Math.max(1, policy.touchAfterMs);
}

// A write moves the stored expiry in steps of at least touchAfter, as a touch does: a
// session changed on every request is not re-sent a cookie on every response (the cookie
// follows the stored expiry exactly), and it may end at most touchAfter before a
// to-the-millisecond rolling expiry would, the bound touchAfter already sets for reads.
/** The expiry a write at `now` stores. */
export function writeExpiry(policy: SessionPolicy, state: ExpiryState, now: number): number {
  const next = nextExpiry(policy, state, now);
  const current = state.expiresAt;
  if (current === undefined || !state.stored) return next;
  return next >= current && next - current < Math.max(1, policy.touchAfterMs) ? current : next;
}

/** Whether a record has passed its idle or absolute end at `now`. */
export function isExpired(policy: SessionPolicy, record: { createdAt: number; expiresAt: number }, now: number): boolean {
  const { absoluteMs } = policy;
  return record.expiresAt <= now || (absoluteMs !== undefined && record.createdAt + absoluteMs <= now);
}
