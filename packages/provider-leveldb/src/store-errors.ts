import { SessError, SessErrorCode, storeUnavailable } from "@sess/core/provider";

/** The name errors carry as their source. */
export const NAME = "leveldb";

/** The `code` of a level error (LEVEL_LOCKED, LEVEL_CORRUPTION…) or of its cause, if any. */
export function levelCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = err, depth = 0; typeof e === "object" && e !== null && depth < 4; depth++) {
    if ("code" in e && typeof e.code === "string") codes.push(e.code);
    e = "cause" in e ? e.cause : undefined;
  }
  return codes;
}

/** Wraps a LevelDB failure (disk full, closed database, I/O error) as STORE_UNAVAILABLE naming what was being done. */
export function unavailable(cause: unknown, what: string): SessError {
  return storeUnavailable(NAME, cause, what);
}

/** An INVALID_CONFIG error from this provider. */
export function invalidConfig(message: string, cause?: unknown): SessError {
  return new SessError(SessErrorCode.INVALID_CONFIG, message, { source: NAME, cause });
}

/** Calls the user's error hook, never letting it throw into a request. */
export function report(onError: (err: SessError) => void, err: SessError): void {
  try {
    onError(err);
  } catch {
    // The hook is for observation; its own failure must not fail a session request.
  }
}
