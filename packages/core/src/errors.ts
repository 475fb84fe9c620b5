/** Every code a SessError can carry; compare `err.code` against these. */
export const SessErrorCode = {
  /** `newManager` named a provider that no imported package registered. */
  UNKNOWN_PROVIDER: "UNKNOWN_PROVIDER",
  /** `register` was called twice for one name. */
  DUPLICATE_PROVIDER: "DUPLICATE_PROVIDER",
  /** `register` got an empty name or no factory, or a provider object lacks required methods. */
  INVALID_PROVIDER: "INVALID_PROVIDER",
  /** A manager or provider option, config string or DSN is wrong. */
  INVALID_CONFIG: "INVALID_CONFIG",
  /** The backend is down, unreachable, full or too slow: retry later. */
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
  /** A brand-new session got data after the response headers were sent, so no cookie can carry it. */
  HEADERS_SENT: "HEADERS_SENT",
  /** One session's encoded data is larger than `maxSize`. */
  TOO_LARGE: "TOO_LARGE",
  /** A data key is empty, too long or reserved, or a storage key failed validation. */
  INVALID_KEY: "INVALID_KEY",
  /** The codec could not encode a value (a function, a cycle, a BigInt under JSON). */
  ENCODE_FAILED: "ENCODE_FAILED",
  /** A stored value could not be decoded; the record is treated as corrupt. */
  DECODE_FAILED: "DECODE_FAILED",
  /** The session was used after `release()` or after it was destroyed. */
  SESSION_CLOSED: "SESSION_CLOSED",
  /** The manager or provider was used after `close()`. */
  CLOSED: "CLOSED",
  /** The provider cannot do this (a cookie provider asked to count sessions, a store without a per-user index). */
  UNSUPPORTED: "UNSUPPORTED",
} as const;

/** One of the string codes in {@link SessErrorCode}. */
export type SessErrorCode = (typeof SessErrorCode)[keyof typeof SessErrorCode];

/** The one error class sess throws; `code` says what went wrong, `cause` holds the original error. */
export class SessError extends Error {
  override readonly name = "SessError";
  /** What went wrong, one of {@link SessErrorCode}. */
  readonly code: SessErrorCode;
  /** The provider (or "core") the error came from. */
  readonly source: string;

  constructor(code: SessErrorCode, message: string, options: { source?: string; cause?: unknown } = {}) {
    const source = options.source ?? "core";
    super(`[sess] [${source}] ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.source = source;
  }
}

/** True when `err` is a SessError, optionally with the given code. */
export function isSessError(err: unknown, code?: SessErrorCode): err is SessError {
  return err instanceof SessError && (code === undefined || err.code === code);
}
