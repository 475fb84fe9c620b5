import { SessError, SessErrorCode } from "@sess/core";
import { expiredCookie } from "./legacy-cookie.js";
import type { LegacySessionData, LegacyStore } from "./legacy-store.js";

/** Options of `expressSessionBridge`; the first four are express-session's own, with the same values the old app used. */
export interface ExpressSessionBridgeOptions {
  /** The express-session store holding the sessions to move, configured as the old app configured it. */
  store: LegacyStore;
  /** express-session's `secret`: one string or a list; a cookie signed by any of them is accepted. */
  secret: string | readonly string[];
  /** express-session's `name`: the legacy cookie (default "connect.sid"). */
  name?: string;
  /** express-session's `cookie.path` and `cookie.domain`, so the expiring Set-Cookie replaces the cookie the browser holds (default path "/", host-only). */
  cookie?: { path?: string; domain?: string };
  /** Turns the legacy fields (all but `cookie` and the flash field) into the new session's data; default: every field under its own name. */
  map?: (legacy: LegacySessionData) => Record<string, unknown>;
  /** The connect-flash field whose messages become sess flashes (default "flash"); false copies it as plain data. */
  flash?: string | false;
  /** The subject (user id) to bind the new session to, read from the legacy fields; needs a provider that keeps a per-subject index. */
  subject?: (legacy: LegacySessionData) => string | undefined;
  /** Keep the legacy record (marked as moved) and cookie until the window closes, so a rollback to express-session logs nobody out (default false: destroy the record, expire the cookie). */
  keepLegacy?: boolean;
  /** Seconds during which a request that still carries an already moved legacy cookie joins its sess session (default 60). */
  joinWindow?: number;
  /** Milliseconds a legacy store call may take before the request fails with `STORE_UNAVAILABLE` (default 5000). */
  timeout?: number;
}

/** @internal The options after defaults and validation. */
export interface ResolvedBridgeOptions {
  store: LegacyStore;
  secrets: readonly string[];
  name: string;
  expireCookie: string;
  map: ((legacy: LegacySessionData) => Record<string, unknown>) | undefined;
  flash: string | false;
  subject: ((legacy: LegacySessionData) => string | undefined) | undefined;
  keepLegacy: boolean;
  joinMs: number;
  timeoutMs: number;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PATH = /^\/[\u0020-\u003A\u003C-\u007E]*$/;
const DOMAIN = /^\.?[a-z0-9.-]+$/i;

function invalid(message: string): SessError {
  return new SessError(SessErrorCode.INVALID_CONFIG, message, { source: "express-session-bridge" });
}

/** Applies defaults; a wrong option throws `INVALID_CONFIG` naming it. */
export function resolveBridgeOptions(options: ExpressSessionBridgeOptions): ResolvedBridgeOptions {
  const { store } = options ?? {};
  if (store == null || typeof store.get !== "function" || typeof store.destroy !== "function") {
    throw invalid("store must be an express-session store (with get and destroy)");
  }
  const keepLegacy = options.keepLegacy ?? false;
  if (keepLegacy && typeof store.set !== "function") throw invalid("keepLegacy needs a store with set, to mark moved sessions");
  const secrets = typeof options.secret === "string" ? [options.secret] : options.secret;
  if (!Array.isArray(secrets) || secrets.length === 0 || secrets.some((s) => typeof s !== "string" || s === "")) {
    throw invalid("secret must be express-session's secret: a non-empty string or a list of them");
  }
  const name = options.name ?? "connect.sid";
  if (typeof name !== "string" || !TOKEN.test(name)) throw invalid(`name must be a cookie name, got ${JSON.stringify(name)}`);
  const path = options.cookie?.path ?? "/";
  if (typeof path !== "string" || !PATH.test(path)) throw invalid(`cookie.path must start with "/" and hold no ";" or control characters`);
  const domain = options.cookie?.domain;
  if (domain !== undefined && (typeof domain !== "string" || !DOMAIN.test(domain))) throw invalid("cookie.domain must be a host name");
  const joinWindow = options.joinWindow ?? 60;
  if (typeof joinWindow !== "number" || !(joinWindow >= 0)) throw invalid("joinWindow must be a number of seconds, 0 or more");
  const timeout = options.timeout ?? 5000;
  if (typeof timeout !== "number" || !(timeout > 0)) throw invalid("timeout must be a positive number of milliseconds");
  for (const key of ["map", "subject"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "function") throw invalid(`${key} must be a function`);
  }
  const flash = options.flash ?? "flash";
  if (flash !== false && (typeof flash !== "string" || flash === "")) throw invalid("flash must be a field name or false");
  return {
    store,
    secrets,
    name,
    expireCookie: expiredCookie(name, path, domain),
    map: options.map,
    flash,
    subject: options.subject,
    keepLegacy,
    joinMs: joinWindow * 1000,
    timeoutMs: timeout,
  };
}
