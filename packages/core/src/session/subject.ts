import { createHash } from "node:crypto";
import { SessError, SessErrorCode } from "../errors.js";
import type { Provider } from "../spi/contract.js";
import { INTERNAL_PREFIX } from "./session-values.js";

/** The data key that holds the application's metadata for a bound session (user agent at login…). */
export const SUBJECT_META_KEY = `${INTERNAL_PREFIX}meta`;

const MAX_SUBJECT_LENGTH = 256;
const MAX_META_ENTRIES = 16;
const MAX_META_BYTES = 2048;

/** Small string metadata an application attaches to a bound session, shown by `listSessions`. */
export type SubjectMeta = Record<string, string>;

/** One of a subject's sessions as `Manager.listSessions` shows it; it never carries the session id. */
export interface SessionInfo {
  /** An opaque handle for `revokeSession`: a digest of the storage key, itself a digest of the id. */
  handle: string;
  /** When the session was created, epoch ms. */
  createdAt: number;
  /**
   * When the session was last written or had its expiry refreshed, epoch ms: derived from its idle
   * expiry, so it is as fine as `touchAfter`; equals `createdAt` for a session that does not roll.
   */
  lastActive: number;
  /** When the session expires unless used again, epoch ms. */
  expiresAt: number;
  /** What the application passed to `setSubject` (empty when nothing, or when it cannot be decoded). */
  meta: SubjectMeta;
}

/** Throws `INVALID_KEY` unless `subject` is a well-formed string of 1 to 256 characters. */
export function checkSubject(subject: unknown): asserts subject is string {
  if (typeof subject !== "string" || subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH || !subject.isWellFormed()) {
    throw new SessError(SessErrorCode.INVALID_KEY, `a subject must be a well-formed string of 1 to ${MAX_SUBJECT_LENGTH} characters`);
  }
}

/** A null-prototype copy of `meta` after checking it is small and string-valued; throws `INVALID_KEY` otherwise. */
export function checkMeta(meta: unknown): SubjectMeta {
  const out = Object.create(null) as SubjectMeta;
  if (meta === undefined) return out;
  if (typeof meta !== "object" || meta === null || Array.isArray(meta)) throw badMeta("an object of strings");
  const names = Object.keys(meta);
  if (names.length > MAX_META_ENTRIES) throw badMeta(`at most ${MAX_META_ENTRIES} entries`);
  let bytes = 0;
  for (const name of names) {
    const value = (meta as Record<string, unknown>)[name];
    if (typeof value !== "string" || !value.isWellFormed() || !name.isWellFormed()) throw badMeta("well-formed string values");
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    out[name] = value;
  }
  if (bytes > MAX_META_BYTES) throw badMeta(`at most ${MAX_META_BYTES} bytes`);
  return out;
}

function badMeta(what: string): SessError {
  return new SessError(SessErrorCode.INVALID_KEY, `subject meta must be ${what}`);
}

/** The opaque handle of a storage key: revealing it gives away neither the id nor the storage key. */
export function handleOf(key: string): string {
  return createHash("sha256").update("sess:handle:").update(key).digest("base64url").slice(0, 22);
}

/** A provider with the subject capability. */
export type SubjectProvider = Provider & Required<Pick<Provider, "listSubject" | "destroySubject">>;

/** Whether `provider` can list and destroy a subject's sessions. */
export function hasSubjects(provider: Provider | undefined): provider is SubjectProvider {
  return typeof provider?.listSubject === "function" && typeof provider.destroySubject === "function";
}
