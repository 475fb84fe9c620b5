import { type KeyObject, createHmac, createSecretKey, hkdfSync } from "node:crypto";
import { aadFor } from "./aad.js";
import { invalidConfig } from "./errors.js";
import { HOW_TO_MAKE_A_KEY, weakBytes, weakSecret } from "./key-strength.js";

/** One key of the ring: 32 random bytes, or a string encoding at least 32 random bytes (hex or base64), which HKDF turns into the key. */
export type CookieKey = string | Uint8Array;

/** Shortest secret accepted, in characters. */
export const MIN_SECRET_LENGTH = 32;

// Fixed salt and info name this library and format, so a secret shared with another
// system (an HMAC key, a JWT secret) never yields the same 32 bytes there.
const HKDF_SALT = "sess/provider-cookie";
const HKDF_INFO = "sess cookie seal v1 aes-256-gcm";
// A key id is public (it travels in every cookie), so it is an HMAC of the derived key under a label
// of its own, never the key. Checking a guessed secret against it takes the guess's HKDF and one HMAC,
// against the value's tag the same HKDF and one AES-GCM open: no key id can be a weaker oracle than
// the value it travels with, so the defence is a key too random to guess, which rawKey() requires.
const KID_LABEL = "sess/provider-cookie key id";

/** A key of the ring: its public id and the AES-256 key it names. */
export interface RingKey {
  /** 8 base64url characters (48 bits of an HMAC of the key) carried in every value it seals. */
  readonly kid: string;
  /** The AES-256-GCM key, held as a KeyObject so inspecting it shows no bytes. */
  readonly key: KeyObject;
  /** The additional authenticated data of every value this key seals (version, kid, context, cookie name), made once. */
  readonly aad: Buffer;
}

function rawKey(input: unknown, index: number): Buffer {
  if (typeof input === "string") {
    if (input.length < MIN_SECRET_LENGTH) {
      throw invalidConfig(`key ${index} is ${input.length} characters; a key is at least 32 random bytes: ${HOW_TO_MAKE_A_KEY}`);
    }
    const weak = weakSecret(input);
    if (weak !== undefined) throw invalidConfig(`key ${index} does not look random (${weak}); ${HOW_TO_MAKE_A_KEY}`);
    return Buffer.from(hkdfSync("sha256", Buffer.from(input, "utf8"), HKDF_SALT, HKDF_INFO, 32));
  }
  if (input instanceof Uint8Array) {
    if (input.length !== 32) throw invalidConfig(`key ${index} is ${input.length} bytes; a raw key must be exactly 32 random bytes`);
    const weak = weakBytes(input);
    if (weak !== undefined) throw invalidConfig(`key ${index} is not random (${weak}); ${HOW_TO_MAKE_A_KEY}`);
    return Buffer.from(input);
  }
  throw invalidConfig(`key ${index} must be a string of random bytes as hex or base64, or 32 bytes, got ${input === null ? "null" : typeof input}; ${HOW_TO_MAKE_A_KEY}`);
}

/**
 * The keys a provider seals and unseals with. The first seals; every key opens
 * what it sealed, found by the key id in the value. Refuses (INVALID_CONFIG) an
 * empty ring, a short or non-random key, and the same key listed twice.
 * `context` and the cookie name are bound into every seal, so values never open under another.
 */
export class KeyRing {
  /** The key new values are sealed with. */
  readonly sealing: RingKey;
  readonly #byKid: Map<string, RingKey>;
  readonly #size: number;

  constructor(inputs: readonly unknown[], context = "sess", cookieName?: string) {
    if (inputs.length === 0) throw invalidConfig(`no keys: ${HOW_TO_MAKE_A_KEY}`);
    const raws = inputs.map(rawKey);
    raws.forEach((raw, index) => {
      const duplicate = raws.findIndex((other) => other.equals(raw));
      if (duplicate !== index) throw invalidConfig(`keys ${duplicate} and ${index} are the same key`);
    });
    this.#byKid = new Map();
    const keys = raws.map((raw, index) => {
      const kid = createHmac("sha256", raw).update(KID_LABEL).digest().subarray(0, 6).toString("base64url");
      if (this.#byKid.has(kid)) throw invalidConfig(`keys ${index} and another share a key id; generate a new key`);
      // createSecretKey copies the bytes; the copy here is wiped so only the KeyObject holds them.
      const entry = { kid, key: createSecretKey(raw), aad: aadFor(kid, context, cookieName) };
      raw.fill(0);
      this.#byKid.set(kid, entry);
      return entry;
    });
    this.sealing = keys[0]!;
    this.#size = keys.length;
  }

  /** How many keys the ring holds. */
  get size(): number {
    return this.#size;
  }

  /** The key with this id, or undefined when the ring does not hold it. */
  find(kid: string): RingKey | undefined {
    return this.#byKid.get(kid);
  }
}
