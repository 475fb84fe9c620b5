import { SessError, SessErrorCode } from "@sess/core/provider";

// ER_DBACCESS_DENIED_ERROR, ER_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR:
// the server refused these credentials, which retrying will not change.
const REFUSED = new Set([1044, 1045, 1698]);

/**
 * When opening failed because the server refused the user or password, an `INVALID_CONFIG`
 * that says so (as the redis provider does), keeping the server's error as the cause;
 * otherwise undefined. The message never quotes the password.
 */
export function credentialsRefused(err: unknown): SessError | undefined {
  for (let e = err, depth = 0; e !== null && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const errno = (e as { errno?: unknown }).errno;
    if (typeof errno === "number" && REFUSED.has(errno)) {
      return new SessError(
        SessErrorCode.INVALID_CONFIG,
        `authentication failed: the server refused the user name or password in the DSN or URL (${String((e as { message?: unknown }).message)})`,
        { source: "mysql", cause: e },
      );
    }
  }
  return undefined;
}
