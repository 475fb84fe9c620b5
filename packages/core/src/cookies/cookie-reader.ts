import type { SealedSession } from "../spi/sealing.js";

/** A verified cookie value: its id, and whether the current (first) secret signed it. */
export interface VerifiedId {
  id: string;
  /** True when the value can be sent back as it is: unsigned cookies, or signed by the first secret. */
  current: boolean;
  /** For a sealing provider: the session the value carries. */
  session?: SealedSession;
}

/** Turns the cookie value a request sent into the id (and, for a sealing provider, the session) it carries. */
export interface CookieReader {
  /** The verified content of `value`, or undefined when this server did not issue it. */
  verify(value: string | undefined): VerifiedId | undefined;
  /** Notes a value this server just issued. */
  remember(value: string, id: string): void;
}
