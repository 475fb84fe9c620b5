import { SessError, type SessErrorCode } from "@sess/core/provider";

/** The name the provider registers under, and the source of its errors. */
export const NAME = "memory";

/** A SessError from this provider. */
export function memoryError(code: SessErrorCode, message: string): SessError {
  return new SessError(code, message, { source: NAME });
}
