import { SessError, SessErrorCode } from "@sess/core/provider";

/** An address with its parts resolved. */
export interface HostPort {
  host: string;
  port: number;
}

/** Throws INVALID_CONFIG with a message that names the problem (never a password). */
export function invalid(message: string): never {
  throw new SessError(SessErrorCode.INVALID_CONFIG, message, { source: "redis" });
}

/** Validates a port number. */
export function portOf(field: string, port: unknown): number {
  if (!(typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536)) invalid(`"${field}": port must be an integer from 1 to 65535`);
  return port;
}

/** Validates a host name. */
export function hostOf(field: string, host: unknown): string {
  if (typeof host !== "string" || host === "" || /[\s/@,]/.test(host)) invalid(`"${field}": host must be a non-empty name or address`);
  return host;
}

