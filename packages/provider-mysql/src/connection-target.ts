import { configError } from "./errors.js";
import type { QuerySettings } from "./query-params.js";

/** Where and as whom to connect, as read from a DSN or URL. */
export interface ConnectionTarget {
  /** TCP host (tcp, tcp4, tcp6). */
  host?: string;
  /** TCP port, 3306 unless given. */
  port?: number;
  /** Unix socket path (unix). */
  socketPath?: string;
  /** User name, as written in a DSN, percent-decoded in a URL. */
  user?: string;
  /** Password, as written in a DSN, percent-decoded in a URL. */
  password?: string;
  /** Default database, percent-decoded. */
  database?: string;
}

/** A parsed config string: the connection plus what its query parameters set. */
export interface ParsedConfig {
  /** Where to connect. */
  target: ConnectionTarget;
  /** What the query parameters set. */
  settings: QuerySettings;
}

/** A TCP port from its decimal text, or an error naming `where`. */
export function portOf(text: string, where: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw configError(`${where}: the port must be a number from 1 to 65535`);
  return port;
}

/** Percent-decodes `text` like Go's url.PathUnescape (or QueryUnescape when `plusIsSpace`). */
export function unescape(text: string, what: string, plusIsSpace = false): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replaceAll("+", " ") : text);
  } catch {
    throw configError(`${what} has a malformed percent-escape`);
  }
}
