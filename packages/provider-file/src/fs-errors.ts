import { SessError, SessErrorCode, storeUnavailable } from "@sess/core/provider";

/** The name errors carry as their source. */
export const NAME = "file";

/** The errno code of a Node fs error, if any. */
export function errnoOf(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err && typeof err.code === "string") return err.code;
  return undefined;
}

/** True when `err` is an fs error with one of `codes`. */
export function hasCode(err: unknown, ...codes: string[]): boolean {
  const code = errnoOf(err);
  return code !== undefined && codes.includes(code);
}

/** Wraps an fs failure (ENOSPC, EACCES, EROFS, EMFILE, ENOTDIR…) as STORE_UNAVAILABLE naming what was being done; keeps the cause. */
export function unavailable(cause: unknown, what: string): SessError {
  return storeUnavailable(NAME, cause, what);
}

/** A STORE_UNAVAILABLE error for a path that is not what this provider created (a link, a file where a directory belongs). */
export function unsafePath(path: string, why: string): SessError {
  return new SessError(SessErrorCode.STORE_UNAVAILABLE, `refused unsafe path ${path}: ${why}`, { source: NAME });
}

/** Calls the user's error hook, never letting it throw into a request. */
export function report(onError: (err: SessError) => void, err: SessError): void {
  try {
    onError(err);
  } catch {
    // The hook is for observation; its own failure must not fail a session request.
  }
}
