import type { ProviderOptions } from "@sess/core/provider";
import { invalidConfig } from "./errors.js";
import type { CookieKey } from "./key-ring.js";
import { HOW_TO_MAKE_A_KEY } from "./key-strength.js";

/** Options of the cookie provider; also accepted as the seed's provider config object. */
export interface CookieProviderOptions {
  /** The key ring, newest first: the first key seals, every key unseals. Each is 32+ random bytes as base64 or hex (`openssl rand -base64 32`), or 32 raw random bytes. */
  keys: CookieKey | readonly CookieKey[];
  /** Most bytes one cookie may take, name and attributes included (default and most 4096: browsers drop larger cookies). */
  maxCookieSize?: number;
  /** Bytes of `maxCookieSize` kept for the cookie's name and attributes (default 256). */
  reservedBytes?: number;
  /** A label bound into every seal (default "sess"); values sealed under one context never open under another. */
  context?: string;
  /**
   * The session cookie's name, bound into every seal so a value issued under one name never opens
   * under another manager's. Through `newManager`/`createManager({ provider: "cookie" })` the Manager
   * passes it (and the exact room its name and attributes take); give it when you build the provider yourself.
   */
  cookieName?: string;
}

/** The browsers' per-cookie limit (RFC 6265 section 6.1 asks for at least 4096 bytes; none keeps more). */
export const MAX_COOKIE_SIZE = 4096;
/** The default room kept for `name=`, Max-Age, Expires, Path, Domain, HttpOnly, SameSite, Secure and Partitioned. */
export const DEFAULT_RESERVED_BYTES = 256;

// Without the Manager's exact figure, room for attributes beside the name (Max-Age, Expires, a Path and Domain of common length, HttpOnly, SameSite, Secure, Partitioned).
const ATTRIBUTE_ALLOWANCE = 192;

/** Options after defaults and checks. */
export interface ResolvedCookieOptions {
  keys: readonly unknown[];
  maxCookieSize: number;
  /** Bytes kept for the cookie's name and attributes: the Manager's exact figure when it gave one. */
  reservedBytes: number;
  context: string;
  cookieName: string | undefined;
}

/** What `cookieProvider` takes: options, the seed's `{ maxLifetime, config }`, a key ring string ("secret1,secret2") or a list of keys. */
export type CookieProviderConfig = CookieProviderOptions | ProviderOptions | string | Uint8Array | readonly CookieKey[];

function isProviderOptions(value: object): value is ProviderOptions {
  return "maxLifetime" in value && !("keys" in value);
}

/** Reads any accepted config form; refuses a wrong one with `INVALID_CONFIG`. */
export function resolveCookieOptions(config: unknown): ResolvedCookieOptions {
  if (typeof config === "object" && config !== null && !(config instanceof Uint8Array) && !Array.isArray(config) && isProviderOptions(config)) {
    const inner = resolveCookieOptions(config.config);
    return fromManager(inner, config, (config.config as Partial<CookieProviderOptions> | null | undefined)?.reservedBytes !== undefined);
  }
  if (typeof config === "string") {
    // The seed's string form: the key ring, comma separated, newest first. Secrets with a comma need the object form.
    return resolveCookieOptions({ keys: config.split(",").map((s) => s.trim()) });
  }
  if (config instanceof Uint8Array || Array.isArray(config)) return resolveCookieOptions({ keys: config });
  if (typeof config !== "object" || config === null) {
    throw invalidConfig(`config must be the key ring ("secret1,secret2"), a list of keys or { keys }, got ${config === null ? "null" : typeof config}`);
  }
  const { keys, maxCookieSize = MAX_COOKIE_SIZE, reservedBytes: reservedOption, context = "sess", cookieName } = config as Partial<CookieProviderOptions>;
  if (keys === undefined || keys === "") throw invalidConfig(`no keys: give at least one; ${HOW_TO_MAKE_A_KEY}`);
  if (!Number.isInteger(maxCookieSize) || maxCookieSize < 512 || maxCookieSize > MAX_COOKIE_SIZE) {
    throw invalidConfig(`maxCookieSize must be an integer from 512 to ${MAX_COOKIE_SIZE} bytes, got ${String(maxCookieSize)}`);
  }
  if (typeof context !== "string" || context.includes("\0")) throw invalidConfig("context must be a string without NUL");
  if (cookieName !== undefined && (typeof cookieName !== "string" || cookieName === "" || cookieName.includes("\0"))) {
    throw invalidConfig("cookieName must be the session cookie's name");
  }
  if (reservedOption !== undefined) checkReserved(reservedOption, maxCookieSize);
  // A named cookie needs room for its name and the usual attributes, whatever reservedBytes says.
  const reservedBytes = Math.max(reservedOption ?? DEFAULT_RESERVED_BYTES, cookieName === undefined ? 0 : Buffer.byteLength(cookieName) + 1 + ATTRIBUTE_ALLOWANCE);
  checkRoom(reservedBytes, maxCookieSize);
  const list: readonly unknown[] = typeof keys === "string" || keys instanceof Uint8Array ? [keys] : Array.isArray(keys) ? keys : [keys];
  return { keys: list, maxCookieSize, reservedBytes, context, cookieName };
}

/**
 * Applies what the Manager said of its cookie: the name (bound into every seal) and the exact bytes
 * its name and attributes take, which replace the default reserve (an explicit `reservedBytes` stays a floor).
 */
function fromManager(options: ResolvedCookieOptions, manager: ProviderOptions, reservedGiven: boolean): ResolvedCookieOptions {
  const { cookieName, cookieOverhead } = manager;
  const name = options.cookieName ?? (typeof cookieName === "string" && cookieName !== "" && !cookieName.includes("\0") ? cookieName : undefined);
  if (typeof cookieOverhead !== "number" || !Number.isInteger(cookieOverhead) || cookieOverhead < 0) return { ...options, cookieName: name };
  const reservedBytes = reservedGiven ? Math.max(options.reservedBytes, cookieOverhead) : cookieOverhead;
  checkRoom(reservedBytes, options.maxCookieSize);
  return { ...options, cookieName: name, reservedBytes };
}

function checkReserved(reservedBytes: unknown, maxCookieSize: number): void {
  if (!Number.isInteger(reservedBytes) || (reservedBytes as number) < 0 || (reservedBytes as number) > maxCookieSize - 256) {
    throw invalidConfig(`reservedBytes must be an integer from 0 to maxCookieSize - 256 (${maxCookieSize - 256}), got ${String(reservedBytes)}`);
  }
}

// Refusing the configuration beats a limit no session fits: a cookie name of thousands of bytes is a mistake.
function checkRoom(reservedBytes: number, maxCookieSize: number): void {
  if (reservedBytes > maxCookieSize - 256) {
    throw invalidConfig(`the cookie's name and attributes take ${reservedBytes} bytes, leaving less than 256 of the ${maxCookieSize}-byte cookie limit for the session: shorten the cookie name, Path or Domain`);
  }
}
