import { type KeyObject, createHmac, createSecretKey, hkdfSync } from "node:crypto";
import { aadFor } from "./aad.js";
import { invalidConfig } from "./errors.js";

/** One key of the ring: 32 random bytes, or a secret of at least 32 characters that HKDF turns into 32 bytes. */
export type CookieKey = string | Uint8Array;

/** Shortest secret accepted, in characters (the floor: no guessable keys). */
export const MIN_SECRET_LENGTH = 32;

// Fixed salt and info name this library and format, so a secret shared with another
// system (an HMAC key, a JWT secret) never yields the same 32 bytes there.
const HKDF_SALT = "sess/provider-cookie";
const HKDF_INFO = "sess cookie seal v1 aes-256-gcm";
// A key id is public (it travels in every cookie), so it is an HMAC of the key, never the key.
const KID_LABEL = "sess/provider-cookie key id";
// Fewer distinct symbols than this is a typo or a placeholder ("aaaa…", Buffer.alloc(32)), not a key.
const MIN_DISTINCT = 8;

/** A key of the ring: its public id and the AES-256 key it names. */
export interface RingKey {
  /** 8 base64url characters (48 bits of an HMAC of the key) carried in every value it seals. */
  readonly kid: string;
  /** The AES-256-GCM key, held as a KeyObject so inspecting it shows no bytes. */
  readonly key: KeyObject;
  /** The additional authenticated data of every value this key seals (version, kid, context), made once. */
  readonly aad: Buffer;
}

function distinct(values: Iterable<number | string>): number {
  return new Set(values).size;
}

function rawKey(input: unknown, index: number): Buffer {
  if (typeof input === "string") {
    if (input.length < MIN_SECRET_LENGTH) {
      throw invalidConfig(`key ${index} is ${input.length} characters; a secret needs at least ${MIN_SECRET_LENGTH} (or pass 32 random bytes)`);
    }
    if (distinct(input) < MIN_DISTINCT) throw invalidConfig(`key ${index} repeats too few characters to be a secret; generate one with randomBytes(32)`);
    return Buffer.from(hkdfSync("sha256", Buffer.from(input, "utf8"), HKDF_SALT, HKDF_INFO, 32));
  }
  if (input instanceof Uint8Array) {
    if (input.length !== 32) throw invalidConfig(`key ${index} is ${input.length} bytes; a raw key must be exactly 32 random bytes`);
    if (distinct(input) < MIN_DISTINCT) throw invalidConfig(`key ${index} is not random (too few distinct bytes); generate one with randomBytes(32)`);
    return Buffer.from(input);
  }
  throw invalidConfig(`key ${index} must be a string of at least ${MIN_SECRET_LENGTH} characters or 32 bytes, got ${input === null ? "null" : typeof input}`);
}

/**
 * The keys a provider seals and unseals with. The first seals; every key opens
 * what it sealed, found by the key id in the value. Refuses (INVALID_CONFIG) an
 * empty ring, a short or non-random key, and the same key listed twice.
 * `context` is bound into every seal, so values never open under another context.
 */
export class KeyRing {
  /** The key new values are sealed with. */
  readonly sealing: RingKey;
  readonly #byKid: Map<string, RingKey>;
  readonly #size: number;

  constructor(inputs: readonly unknown[], context = "sess") {
    if (inputs.length === 0) throw invalidConfig("no keys: give at least one secret of 32+ characters or 32 random bytes");
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
      const entry = { kid, key: createSecretKey(raw), aad: aadFor(kid, context) };
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
