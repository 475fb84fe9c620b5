import { SessError, SessErrorCode } from "@sess/core/provider";

/** The name the provider registers under, and the source of its errors. */
export const NAME = "cookie";

/** An `INVALID_CONFIG` error from this provider; messages name positions and lengths, never key material. */
export function invalidConfig(message: string): SessError {
  return new SessError(SessErrorCode.INVALID_CONFIG, message, { source: NAME });
}
