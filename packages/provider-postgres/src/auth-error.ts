import { SessError, SessErrorCode } from "@sess/core/provider";
import { NAME, sqlState } from "./errors.js";

/**
 * When opening failed because the server refused the login (SQLSTATE class 28: a wrong
 * password, an unknown role, a role that may not log in), an `INVALID_CONFIG` that says so,
 * as the redis provider does; otherwise undefined. The message never quotes the password.
 */
export function loginRefused(err: unknown): SessError | undefined {
  for (let e = err, depth = 0; e !== null && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (sqlState(e)?.startsWith("28")) {
      const message = `authentication failed: the server refused the user or password of the connection (${String((e as { message?: unknown }).message)})`;
      return new SessError(SessErrorCode.INVALID_CONFIG, message, { source: NAME, cause: e });
    }
  }
  return undefined;
}
