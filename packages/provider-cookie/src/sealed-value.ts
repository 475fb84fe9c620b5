import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { VERSION } from "./aad.js";
import type { KeyRing, RingKey } from "./key-ring.js";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KID_CHARS = 8;
const NONCE_CHARS = 16;
// "v1." + kid + "." + nonce + "."
const PREFIX_CHARS = VERSION.length + 1 + KID_CHARS + 1 + NONCE_CHARS + 1;
const B64URL = /^[A-Za-z0-9_-]+$/;
// The last character of unpadded base64url whose length is 2 or 3 mod 4 must leave
// its padding bits zero; otherwise several spellings decode to the same bytes.
const LAST_OF_2 = "AQgw";
const LAST_OF_3 = "AEIMQUYcgkosw048";

/** Characters of unpadded base64url for `bytes` bytes. */
function base64urlLength(bytes: number): number {
  return Math.floor(bytes / 3) * 4 + [0, 2, 3][bytes % 3]!;
}

/** Length of the value that sealing `plainBytes` bytes of plaintext gives, known before encrypting. */
export function sealedLength(plainBytes: number): number {
  return PREFIX_CHARS + base64urlLength(plainBytes + TAG_BYTES);
}

// Nonces come from a pool filled by the CSPRNG: one randomBytes call per 256 seals
// instead of one per seal (each call costs microseconds). Every slice is used once.
const POOL_NONCES = 256;
// Empty until the first seal: Workers refuse random numbers at module scope, so an
// import that drew them would stop the whole Worker from loading.
let pool = Buffer.alloc(0);
let used = POOL_NONCES;

function nextNonce(): Buffer {
  if (used === POOL_NONCES) {
    pool = randomBytes(NONCE_BYTES * POOL_NONCES);
    used = 0;
  }
  return pool.subarray(NONCE_BYTES * used, NONCE_BYTES * ++used);
}

/** `v1.<kid>.<nonce>.<ciphertext+tag>`, base64url: AES-256-GCM under the ring's first key, a fresh random nonce each time. */
export function sealValue(ring: KeyRing, plain: Buffer): string {
  const { kid, key, aad } = ring.sealing;
  const nonce = nextNonce();
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${kid}.${nonce.toString("base64url")}.${body.toString("base64url")}`;
}

/** What `openValue` decrypted, and with which key. */
export interface Opened {
  plain: Buffer;
  key: RingKey;
}

/** True when `value` has a sealed value's prefix but names a key id this ring does not hold (sealed elsewhere, or under a retired key). */
export function foreignKeyId(ring: KeyRing, value: string): boolean {
  const kidEnd = VERSION.length + 1 + KID_CHARS;
  if (!value.startsWith(`${VERSION}.`) || value[kidEnd] !== ".") return false;
  const kid = value.slice(VERSION.length + 1, kidEnd);
  return B64URL.test(kid) && ring.find(kid) === undefined;
}

/**
 * The plaintext of a value this ring sealed (under its context), or null for anything
 * else: wrong shape, a non-canonical spelling, an unknown key id, a failed tag.
 */
export function openValue(ring: KeyRing, value: string): Opened | null {
  if (value.length < PREFIX_CHARS + base64urlLength(TAG_BYTES + 1) || !value.startsWith(`${VERSION}.`)) return null;
  const kidEnd = VERSION.length + 1 + KID_CHARS;
  const nonceEnd = kidEnd + 1 + NONCE_CHARS;
  if (value[kidEnd] !== "." || value[nonceEnd] !== ".") return null;
  const kid = value.slice(VERSION.length + 1, kidEnd);
  const nonce = value.slice(kidEnd + 1, nonceEnd);
  const body = value.slice(nonceEnd + 1);
  if (!B64URL.test(kid) || !B64URL.test(nonce) || !B64URL.test(body) || !canonicalTail(body)) return null;
  const key = ring.find(kid);
  if (key === undefined) return null;
  const bytes = Buffer.from(body, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(nonce, "base64url"), { authTagLength: TAG_BYTES });
  decipher.setAAD(key.aad);
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    const plain = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]);
    return { plain, key };
  } catch {
    return null; // the tag did not verify: tampered, or sealed under another key or context
  }
}

function canonicalTail(body: string): boolean {
  const rest = body.length % 4;
  if (rest === 1) return false;
  const last = body[body.length - 1]!;
  return rest === 0 || (rest === 2 ? LAST_OF_2 : LAST_OF_3).includes(last);
}
