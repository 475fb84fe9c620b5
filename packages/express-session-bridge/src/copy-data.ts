import { type Session, isSessError } from "@sess/core";
import type { LegacySessionData } from "./legacy-store.js";
import type { ResolvedBridgeOptions } from "./options.js";

/** The field `keepLegacy` adds to a moved legacy record, so it is not moved a second time (after a logout under sess, say). */
export const MOVED_FIELD = "sessMovedAt";

// What a single legacy field can do wrong: a key sess reserves, a value too large or not
// encodable. The field is left out and reported; the rest of the session still moves.
const FIELD_ERRORS = new Set(["INVALID_KEY", "TOO_LARGE", "ENCODE_FAILED"]);

// Fields a store adds for its own bookkeeping, not the application's data.
const STORE_FIELDS = ["cookie", MOVED_FIELD, "__lastAccess" /* session-file-store */];

/** The legacy fields the application wrote: everything but express-session's `cookie`, store bookkeeping and the bridge's marker. */
export function legacyFields(legacy: LegacySessionData): LegacySessionData {
  const fields: LegacySessionData = { ...legacy };
  for (const field of STORE_FIELDS) delete fields[field];
  return fields;
}

/**
 * Copies a legacy session into a new sess session: connect-flash messages become flashes,
 * the rest goes through `map` (default: every field as is), and the subject is bound when
 * the options say how to find it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bridge writes the application's keys, whatever its data type
export function copyInto(session: Session<any>, legacy: LegacySessionData, options: ResolvedBridgeOptions, report: (err: unknown) => void): void {
  const fields = legacyFields(legacy);
  const subject = options.subject?.(fields);
  let flashes: object | undefined;
  // Only connect-flash's shape ({ type: [message, …] }) becomes flashes; anything else stays data.
  if (options.flash !== false && typeof fields[options.flash] === "object" && fields[options.flash] !== null) {
    flashes = fields[options.flash] as object;
    delete fields[options.flash];
  }
  const data = options.map ? options.map(fields) : fields;
  const guarded = (write: () => void) => {
    try {
      write();
    } catch (err) {
      if (!isSessError(err) || !FIELD_ERRORS.has(err.code)) throw err;
      report(err);
    }
  };
  for (const [key, value] of Object.entries(data)) {
    if (value !== undefined) guarded(() => session.set(key as never, value));
  }
  // connect-flash keeps { type: [message, …] }; each message becomes a flash of its own.
  if (flashes !== undefined) {
    for (const [type, messages] of Object.entries(flashes)) {
      for (const message of Array.isArray(messages) ? messages : [messages]) guarded(() => session.flash(type, message));
    }
  }
  if (subject !== undefined) session.setSubject(subject);
}
