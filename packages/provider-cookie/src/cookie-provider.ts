import { inspect } from "node:util";
import { SessError, SessErrorCode, type SealedSession, type SealingProvider, type Unsealed } from "@sess/core/provider";
import { NAME } from "./errors.js";
import { KeyRing } from "./key-ring.js";
import { type CookieProviderConfig, resolveCookieOptions } from "./options.js";
import { decodePayload, encodePayload } from "./payload.js";
import { foreignKeyId, openValue, sealValue, sealedLength } from "./sealed-value.js";

/**
 * Keeps the whole session in its cookie, sealed with AES-256-GCM under a key
 * ring. Nothing is stored on the server: the Manager seals at release and
 * unseals when a request arrives, and checks expiry from the sealed payload.
 */
export class CookieProvider implements SealingProvider {
  /** The registered name, "cookie". */
  readonly name = NAME;
  /** Marks a client-side provider: core seals sessions into the cookie instead of storing them. */
  readonly kind = "sealed";
  readonly #ring: KeyRing;
  /** Longest value that fits: the cookie limit less the room for name and attributes. */
  readonly #maxValue: number;
  readonly #limit: number;
  readonly #reserved: number;
  #closed = false;

  constructor(config: CookieProviderConfig) {
    const options = resolveCookieOptions(config);
    this.#ring = new KeyRing(options.keys, options.context, options.cookieName);
    this.#limit = options.maxCookieSize;
    this.#reserved = options.reservedBytes;
    this.#maxValue = options.maxCookieSize - options.reservedBytes;
  }

  /** How many keys the ring holds (the keys themselves are never shown). */
  get keyCount(): number {
    return this.#ring.size;
  }

  /** The session sealed in `value` (stale when an older key sealed it), or null for anything this ring did not seal. */
  unseal(value: string): Unsealed | null {
    if (this.#closed || typeof value !== "string" || value.length > this.#maxValue) return null;
    const opened = openValue(this.#ring, value);
    if (opened === null) return null;
    const session = decodePayload(opened.plain);
    if (session === null) return null;
    return { session, stale: opened.key !== this.#ring.sealing };
  }

  /** Why `unseal` refused `value`, for telemetry: "foreign_key_id" when its key id is not in the ring. */
  rejection(value: string): "unsealable" | "foreign_key_id" {
    return typeof value === "string" && foreignKeyId(this.#ring, value) ? "foreign_key_id" : "unsealable";
  }

  /** The cookie value for `session`; throws `TOO_LARGE` when it would not fit in a cookie. */
  seal(session: SealedSession): string {
    if (this.#closed) throw new SessError(SessErrorCode.CLOSED, "the provider is closed", { source: NAME });
    const plain = encodePayload(session);
    if (plain === undefined) throw new SessError(SessErrorCode.ENCODE_FAILED, "the session's id or times cannot be sealed", { source: NAME });
    // The length is known before encrypting (GCM adds only its tag), so an oversized session costs no cipher run.
    const length = sealedLength(plain.length);
    if (length > this.#maxValue) {
      throw new SessError(
        SessErrorCode.TOO_LARGE,
        `the sealed session would be ${length} bytes; with ${this.#reserved} bytes for the cookie's name and attributes it passes the ${this.#limit}-byte cookie limit, and browsers drop larger cookies: keep less in the session, or use a server-side provider`,
        { source: NAME },
      );
    }
    return sealValue(this.#ring, plain);
  }

  /** Stops sealing and unsealing; nothing is held open. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  /** What `util.inspect` and `console.log` show: never a key. */
  [inspect.custom](): string {
    return `CookieProvider { keys: ${this.#ring.size}, maxCookieSize: ${this.#limit}, closed: ${this.#closed} }`;
  }

  /** What `JSON.stringify` shows: never a key. */
  toJSON(): object {
    return { name: NAME, keys: this.#ring.size, maxCookieSize: this.#limit };
  }
}

/** A cookie provider from options, the seed's `{ maxLifetime, config }`, a key ring string ("secret1,secret2") or a list of keys. */
export function cookieProvider(config: CookieProviderConfig): CookieProvider {
  return new CookieProvider(config);
}
