import type { CookieAttributes } from "../cookies/set-cookie.js";
import type { Codec } from "./codec.js";

/**
 * What a session needs of its manager's resolved options: expiry, size and encoding.
 * Declared here, below the manager, so a session never imports the manager's files;
 * the manager's `ResolvedOptions` is a superset. Times in milliseconds.
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number | undefined;
  rolling: boolean;
  touchAfterMs: number;
  maxSize: number;
  codec: Codec;
  persistent: boolean;
  onError: (error: unknown) => void;
  now: () => number;
  /** The session cookie's name and attributes, so a sealed session is checked against the real Set-Cookie's size. */
  cookieName?: string;
  cookie?: CookieAttributes;
}
