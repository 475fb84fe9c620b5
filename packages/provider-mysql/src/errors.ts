import { SessError, SessErrorCode } from "@sess/core/provider";

/** An INVALID_CONFIG error; messages name the part that is wrong and never quote the password. */
export function configError(message: string): SessError {
  return new SessError(SessErrorCode.INVALID_CONFIG, message, { source: "mysql" });
}
