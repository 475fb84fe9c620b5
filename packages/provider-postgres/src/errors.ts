import { SessError, SessErrorCode, storeUnavailable } from "@sess/core/provider";

/** The name this provider registers under and reports as the source of its errors. */
export const NAME = "postgres";

/** An INVALID_CONFIG error; messages name the part that is wrong and never quote the password. */
export function configError(message: string): SessError {
  return new SessError(SessErrorCode.INVALID_CONFIG, message, { source: NAME });
}

/** The SQLSTATE of an error the server sent, or undefined for a client or socket error. */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; severity?: unknown } | null;
  // Server errors carry a severity; socket errors also have a `code` (ECONNRESET) but none.
  return typeof e?.severity === "string" && typeof e.code === "string" ? e.code : undefined;
}

/** Server states that end the connection: admin shutdown or termination, crash shutdown, cannot connect now, idle-session timeout. */
const ENDING_STATES = new Set(["57P01", "57P02", "57P03", "57P05"]);

/** True when the connection itself failed: a socket error, or a server that closed it (class 08, termination, idle-session timeout). */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof SessError) return false;
  const state = sqlState(err);
  if (state === undefined) return true;
  return state.startsWith("08") || ENDING_STATES.has(state);
}

/**
 * True when the server itself said it is ending the connection (a FATAL of class 57 or 08). Sent
 * in the order of everything else on the connection, so when no CommandComplete came before it,
 * the statement never completed and its transaction, which commits only after that, never did.
 */
export function isServerTermination(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && (err as { severity?: unknown }).severity === "FATAL" && (state.startsWith("08") || ENDING_STATES.has(state));
}

/** The server rolled the statement back to break a deadlock or a serialization conflict: running it again is safe. */
export function isRetryableConflict(err: unknown): boolean {
  const state = sqlState(err);
  return state === "40P01" || state === "40001";
}

/** Any error as a SessError: TOO_LARGE for program limits (jsonb or field size), STORE_UNAVAILABLE for the rest. */
export function mapError(err: unknown, what: string): SessError {
  if (err instanceof SessError) return err;
  if (sqlState(err)?.startsWith("54")) {
    return new SessError(SessErrorCode.TOO_LARGE, `${what}: the session is larger than the server accepts`, { source: NAME, cause: err });
  }
  return storeUnavailable(NAME, err, `${what} failed`);
}
