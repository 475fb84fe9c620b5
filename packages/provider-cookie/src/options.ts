import type { ProviderOptions } from "@sess/core/provider";
import { invalidConfig } from "./errors.js";
import type { CookieKey } from "./key-ring.js";

/** Options of the cookie provider; also accepted as the seed's provider config object. */
export interface CookieProviderOptions {
  /** The key ring, newest first: the first key seals, every key unseals. Each is a secret of 32+ characters or 32 random bytes. */
  keys: CookieKey | readonly CookieKey[];
  /** Most bytes one cookie may take, name and attributes included (default and most 4096: browsers drop larger cookies). */
  maxCookieSize?: number;
  /** Bytes of `maxCookieSize` kept for the cookie's name and attributes (default 256). */
  reservedBytes?: number;
  /** A label bound into every seal (default "sess"); values sealed under one context never open under another. */
  context?: string;
}

/** The browsers' per-cookie limit (RFC 6265 section 6.1 asks for at least 4096 bytes; none keeps more). */
export const MAX_COOKIE_SIZE = 4096;
/** The default room kept for `name=`, Max-Age, Expires, Path, Domain, HttpOnly, SameSite, Secure and Partitioned. */
export const DEFAULT_RESERVED_BYTES = 256;

/** Options after defaults and checks. */
export interface ResolvedCookieOptions {
  keys: readonly unknown[];
  maxCookieSize: number;
  reservedBytes: number;
  context: string;
}

/** What `cookieProvider` takes: options, the seed's `{ maxLifetime, config }`, a key ring string ("secret1,secret2") or a list of keys. */
export type CookieProviderConfig = CookieProviderOptions | ProviderOptions | string | Uint8Array | readonly CookieKey[];

function isProviderOptions(value: object): value is ProviderOptions {
  return "maxLifetime" in value && !("keys" in value);
}

/** Reads any accepted config form; refuses a wrong one with `INVALID_CONFIG`. */
export function resolveCookieOptions(config: unknown): ResolvedCookieOptions {
  if (typeof config === "object" && config !== null && !(config instanceof Uint8Array) && !Array.isArray(config) && isProviderOptions(config)) {
    return resolveCookieOptions(config.config);
  }
  if (typeof config === "string") {
    // The seed's string form: the key ring, comma separated, newest first. Secrets with a comma need the object form.
    return resolveCookieOptions({ keys: config.split(",").map((s) => s.trim()) });
  }
  if (config instanceof Uint8Array || Array.isArray(config)) return resolveCookieOptions({ keys: config });
  if (typeof config !== "object" || config === null) {
    throw invalidConfig(`config must be the key ring ("secret1,secret2"), a list of keys or { keys }, got ${config === null ? "null" : typeof config}`);
  }
  const { keys, maxCookieSize = MAX_COOKIE_SIZE, reservedBytes = DEFAULT_RESERVED_BYTES, context = "sess" } = config as Partial<CookieProviderOptions>;
  if (keys === undefined || keys === "") throw invalidConfig("no keys: give at least one secret of 32+ characters or 32 random bytes");
  if (!Number.isInteger(maxCookieSize) || maxCookieSize < 512 || maxCookieSize > MAX_COOKIE_SIZE) {
    throw invalidConfig(`maxCookieSize must be an integer from 512 to ${MAX_COOKIE_SIZE} bytes, got ${String(maxCookieSize)}`);
  }
  if (!Number.isInteger(reservedBytes) || reservedBytes < 0 || reservedBytes > maxCookieSize - 256) {
    throw invalidConfig(`reservedBytes must be an integer from 0 to maxCookieSize - 256 (${maxCookieSize - 256}), got ${String(reservedBytes)}`);
  }
  if (typeof context !== "string") throw invalidConfig("context must be a string");
  const list: readonly unknown[] = typeof keys === "string" || keys instanceof Uint8Array ? [keys] : Array.isArray(keys) ? keys : [keys];
  return { keys: list, maxCookieSize, reservedBytes, context };
}
