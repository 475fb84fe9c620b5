import type { CookieAttributes } from "../cookies/set-cookie.js";
import { SessError, SessErrorCode } from "../errors.js";
import type { Codec } from "../session/codec.js";
import { jsonCodec } from "../session/codec.js";
import type { SessionPolicy } from "../session/policy.js";
import { assertKnownKeys } from "./option-keys.js";
import { type Instrumentation, checkInstrumentation } from "./telemetry.js";

/** How the session cookie is written. */
export interface CookieOptions {
  /** Cookie Path (default "/"). */
  path?: string;
  /** Cookie Domain (default: host-only). */
  domain?: string;
  /** Secure flag: true, false, or "auto" (default): set on HTTPS requests (and on X-Forwarded-Proto https with trustProxy). */
  secure?: boolean | "auto";
  /** HttpOnly flag (default true). */
  httpOnly?: boolean;
  /** SameSite attribute (default "lax"). */
  sameSite?: "lax" | "strict" | "none" | false;
  /** Partitioned (CHIPS) attribute (default false). */
  partitioned?: boolean;
}

/** Everything a Manager can be told beyond provider, cookie name and lifetime. */
export interface ManagerOptions extends CookieOptions {
  /**
   * HMAC keys for the cookie (at least 16 characters each): the first signs, all verify
   * (rotation). Optional: without them the cookie carries the bare id, which is still 256
   * random bits that no one can guess; signing also turns forged cookies away before any
   * store is asked, and lets you rotate keys.
   */
  secrets?: readonly string[];
  /** Seconds (not milliseconds) of inactivity after which a session ends, at most 400 days (default: maxLifetime). */
  idleTimeout?: number;
  /** Seconds after creation at which a session ends whatever its activity (default: none). */
  absoluteTimeout?: number;
  /** Whether activity extends the idle expiry (default true); false fixes expiry at creation + idleTimeout. */
  rolling?: boolean;
  /** Seconds: an unchanged session's expiry is refreshed only when that would extend it by at least this (default idleTimeout / 10; 0 refreshes on every read; must be shorter than idleTimeout). */
  touchAfter?: number;
  /** Largest encoded size of one session's data in bytes (default 1 MiB). */
  maxSize?: number;
  /** Value codec (default JSON). */
  codec?: Codec;
  /** Persistent cookies (with Max-Age) by default; `session.rememberMe(false)` switches one session to a browser-session cookie (default true). */
  persistent?: boolean;
  /** Trust X-Forwarded-Proto from a proxy for `secure: "auto"` (default false). */
  trustProxy?: boolean;
  /** Also accept the id from this request header and send it back in the same response header, for clients without cookies (beego's EnableSidInHTTPHeader). */
  idFromHeader?: string;
  /** Seconds between GC passes for `startGC()` (default 60). */
  gcInterval?: number;
  /** Receives errors that cannot be thrown to a caller (a failed GC pass, a value that no longer decodes). */
  onError?: (error: unknown) => void;
  /** The clock, epoch milliseconds (tests inject one). */
  now?: () => number;
  /**
   * What a request gets when the store cannot load its session (`STORE_UNAVAILABLE`):
   * "fail" (default) rejects, so the framework answers with an error; "fresh" serves the
   * request with a fresh session that is never stored and sends no cookie, so the
   * user's stored session and cookie survive the outage. `onError` is told either way.
   */
  storeDown?: "fail" | "fresh";
  /** Store-call timings, session events and rejected cookies go here (`openTelemetry()` from `@sess/opentelemetry`); nothing is measured without it. */
  telemetry?: Instrumentation;
}

/** ManagerOptions after defaults and validation. Times in milliseconds. */
export interface ResolvedOptions extends SessionPolicy {
  cookieName: string;
  cookie: CookieAttributes;
  secrets: readonly Buffer[];
  trustProxy: boolean;
  idHeader: string | undefined;
  gcIntervalMs: number;
  storeDown: "fail" | "fresh";
  telemetry: Instrumentation | undefined;
}

/** Browsers keep a cookie at most 400 days (RFC 6265bis), so a longer lifetime cannot be honoured. */
export const MAX_LIFETIME_SECONDS = 400 * 24 * 3600;

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 6265: a path is any CHAR but controls and ";"; a domain is dot-separated labels.
const COOKIE_PATH = /^\/[\u0020-\u003A\u003C-\u007E]*$/;
const COOKIE_DOMAIN = /^\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function invalid(message: string): SessError {
  return new SessError(SessErrorCode.INVALID_CONFIG, message);
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? typeof value);
}

function seconds(name: string, value: unknown, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw invalid(`${name} must be a positive number of seconds, got ${show(value)}`);
  }
  return value;
}

// A lifetime is in seconds, as in the seed; the milliseconds habit (3600000 for an hour) gives
// 41.7 days, and anything above 400 days, which browsers cut short, is refused.
function lifetime(name: string, value: unknown, fallback: number | undefined): number | undefined {
  const s = seconds(name, value, fallback);
  if (s !== undefined && s > MAX_LIFETIME_SECONDS) {
    const days = Math.round((s / 86400) * 10) / 10;
    throw invalid(
      `${name} is in seconds: ${show(value)} is ${days} days, above the 400 days (${MAX_LIFETIME_SECONDS}) browsers keep a cookie` +
        ` (milliseconds? an hour is 3600, a day 86400)`,
    );
  }
  return s;
}

// RFC 6265bis cookie prefixes: browsers drop a __Secure- cookie without Secure, and a __Host-
// cookie without Secure, with a Domain, or with a Path other than "/". "auto" would send it
// without Secure over plain HTTP (or behind a TLS proxy without trustProxy).
function checkPrefixes(cookieName: string, secure: unknown, domain: unknown, path: string): void {
  const prefix = /^__(host|secure)-/i.exec(cookieName)?.[0];
  if (prefix === undefined) return;
  if (secure !== true) throw invalid(`a cookie named ${prefix}… needs secure: true (browsers reject it without Secure; "auto" omits it over plain HTTP), got secure: ${show(secure)}`);
  if (prefix.toLowerCase() !== "__host-") return;
  if (domain !== undefined) throw invalid(`a cookie named __Host-… must not have a domain (browsers reject it), got domain: ${show(domain)}`);
  if (path !== "/") throw invalid(`a cookie named __Host-… must have path "/" (browsers reject it otherwise), got path: ${show(path)}`);
}

/** Applies defaults and rejects bad options with `INVALID_CONFIG`. */
export function resolveOptions(cookieName: unknown, maxLifetime: unknown, options: ManagerOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw invalid(`options must be an object, got ${show(options)}`);
  assertKnownKeys(options);
  if (typeof cookieName !== "string" || !COOKIE_NAME.test(cookieName)) {
    throw invalid(`cookieName must be a cookie token (letters, digits, !#$%&'*+-.^_\`|~), got ${JSON.stringify(cookieName)}`);
  }
  const maxSeconds = lifetime("maxLifetime", maxLifetime, undefined);
  if (maxSeconds === undefined) throw invalid("maxLifetime (seconds) is required");
  const idle = lifetime("idleTimeout", options.idleTimeout, maxSeconds)!;
  const absolute = seconds("absoluteTimeout", options.absoluteTimeout, undefined);
  const touchAfter = options.touchAfter === 0 ? 0 : seconds("touchAfter", options.touchAfter, idle / 10)!;
  // A read can extend the expiry by at most the idle timeout, so a larger touchAfter would
  // never refresh a session that is only read: it would expire while in use.
  if (touchAfter >= idle) throw invalid(`touchAfter (${touchAfter} s) must be shorter than the idle timeout (${idle} s)`);
  const maxSize = options.maxSize ?? 1024 * 1024;
  if (!Number.isInteger(maxSize) || maxSize <= 0) throw invalid(`maxSize must be a positive integer of bytes, got ${show(maxSize)}`);
  const secrets = options.secrets ?? [];
  if (!Array.isArray(secrets) || secrets.some((s) => typeof s !== "string" || s.length < 16)) {
    throw invalid("secrets must be a list of strings of at least 16 characters");
  }
  const sameSite = options.sameSite ?? "lax";
  if (![false, "lax", "strict", "none"].includes(sameSite)) throw invalid(`sameSite must be "lax", "strict", "none" or false`);
  const secure = options.secure ?? "auto";
  // "auto" sends no Secure over plain HTTP, where browsers reject these cookies too.
  if (sameSite === "none" && secure !== true) throw invalid(`sameSite "none" needs secure: true (browsers drop SameSite=None without Secure; "auto" omits it over plain HTTP), got secure: ${show(secure)}`);
  if (options.partitioned && secure !== true) throw invalid(`partitioned cookies need secure: true (browsers drop them without Secure), got secure: ${show(secure)}`);
  const idHeader = options.idFromHeader?.toLowerCase();
  if (idHeader !== undefined && !COOKIE_NAME.test(idHeader)) throw invalid(`idFromHeader must be a header name`);
  const path = options.path ?? "/";
  if (typeof path !== "string" || !COOKIE_PATH.test(path)) throw invalid(`path must start with "/" and hold no control characters or ";", got ${show(path)}`);
  if (options.domain !== undefined && (typeof options.domain !== "string" || !COOKIE_DOMAIN.test(options.domain))) {
    throw invalid(`domain must be a host name such as "example.com", got ${show(options.domain)}`);
  }
  checkPrefixes(cookieName, secure, options.domain, path);
  const storeDown = options.storeDown ?? "fail";
  if (storeDown !== "fail" && storeDown !== "fresh") throw invalid(`storeDown must be "fail" or "fresh", got ${show(storeDown)}`);
  const codec = options.codec ?? jsonCodec;
  if (typeof codec.encode !== "function" || typeof codec.decode !== "function") throw invalid("codec needs encode and decode functions");
  return {
    cookieName,
    cookie: {
      path,
      domain: options.domain,
      secure,
      httpOnly: options.httpOnly ?? true,
      sameSite,
      partitioned: options.partitioned ?? false,
    },
    secrets: (secrets as readonly string[]).map((s) => Buffer.from(s, "utf8")),
    idleMs: idle * 1000,
    absoluteMs: absolute === undefined ? undefined : absolute * 1000,
    rolling: options.rolling ?? true,
    touchAfterMs: touchAfter * 1000,
    maxSize,
    codec,
    persistent: options.persistent ?? true,
    trustProxy: options.trustProxy ?? false,
    idHeader,
    gcIntervalMs: (seconds("gcInterval", options.gcInterval, 60) ?? 60) * 1000,
    onError: options.onError ?? ((error) => console.error(error)),
    now: options.now ?? Date.now,
    storeDown,
    telemetry: checkInstrumentation(options.telemetry),
  };
}
