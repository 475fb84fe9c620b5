/** The shape of session data: a record of JSON-friendly values by key. */
export type SessionRecord = Record<string, unknown>;

/**
 * The application's session data, declared once by declaration merging, as
 * express-session users know it:
 *
 * ```ts
 * declare module "@sess/core" {
 *   interface SessionData { userId: string; visits: number }
 * }
 * ```
 *
 * Every Manager, Session and framework adapter then types `get`/`set` with it
 * unless given another type explicitly.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the application through declaration merging
export interface SessionData {}

/** The data type sessions get by default: `SessionData` once the application declared it, else any record. */
export type DefaultSessionData = keyof SessionData extends never ? SessionRecord : SessionData;
