/** A session as a client-side provider seals it into the cookie value. */
export interface SealedSession {
  /** The session id: random, so regenerate and destroy change what the application sees. */
  id: string;
  /** Encoded values by data key, as a store provider would hold them. */
  data: Record<string, string>;
  /** When the session was created, epoch ms (the absolute timeout counts from it). */
  createdAt: number;
  /** When the session expires, epoch ms; enforced on every read from the sealed payload, not trusted to the cookie's Max-Age. */
  expiresAt: number;
}

/** What `unseal` found: the session, and whether it must be sealed again (an older key sealed it). */
export interface Unsealed {
  session: SealedSession;
  /** True when a key other than the first sealed the value: it is resealed on the next response. */
  stale: boolean;
}

/**
 * A provider that keeps the whole session in the cookie, sealed (client-side
 * sessions): nothing is stored on the server. Core tells it from a store
 * provider by `kind: "sealed"`. The Manager checks expiry itself; `unseal`
 * only has to refuse what it did not seal.
 */
export interface SealingProvider {
  /** The name the provider registers under ("cookie"). */
  readonly name: string;
  /** Marks a client-side provider. */
  readonly kind: "sealed";
  /** The session sealed in `value`, or null for anything this provider did not seal: tampered, truncated, re-encoded, foreign keys. Never throws for bad input. */
  unseal(value: string): Unsealed | null;
  /** Seals `session` into a cookie value; throws `SessError` `TOO_LARGE` when the value would not fit in a cookie. */
  seal(session: SealedSession): string;
  /** Releases what the provider holds; it is unusable afterwards. */
  close(): Promise<void>;
  /** Optional: why `unseal` refused `value` (asked only after a refusal, for telemetry); "unsealable" when absent. */
  rejection?(value: string): "unsealable" | "foreign_key_id";
}

/** True when `value` is a client-side (sealing) provider. */
export function isSealingProvider(value: unknown): value is SealingProvider {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "sealed";
}
