/**
 * Whether a key looks like what a random generator prints. A key that does not is refused: the key
 * id and every cookie let anyone holding one cookie test guesses offline, at the cost of one HKDF and
 * one HMAC or AES-GCM open per guess, so a key is safe only when guessing it is hopeless. These rules
 * refuse the passphrases, repeated words and placeholders people type, while an encoding of 32 random
 * bytes fails them with a probability under 10^-7 by the counts beside each rule. They cannot tell a
 * long mixed-case pangram from base64: the documented way to make a key is the generator.
 */

/** How to make a key, quoted in every refusal. */
export const HOW_TO_MAKE_A_KEY = "generate one with `openssl rand -base64 32` (or randomBytes(32), raw or as base64/hex)";

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
// Characters of the encodings of 32 bytes: hex 64, unpadded base64 43.
const HEX_CHARS = 64;
const BASE64_CHARS = 43;
// Random hex of 64 characters has about 15.7 distinct digits (fewer than 10: p < 10^-11), random
// base64 of 43 about 31 (fewer than 18: p < 10^-9); a repeated phrase has far fewer.
const MIN_DISTINCT_HEX = 10;
const MIN_DISTINCT_BASE64 = 18;
// A run of 36+ bits seen twice is a repeated word: random keys repeat one with p < 10^-8
// (6 base64 characters: 703 pairs of places / 2^36; 10 hex digits: 1711 / 2^40).
const BASE64_RUN = 6;
const HEX_RUN = 10;
// 32 random bytes are all printable ASCII with p = (95/256)^32 < 10^-13: such bytes are a typed
// password. Fewer than 16 distinct bytes: p < 10^-15.
const MIN_DISTINCT_BYTES = 16;

function distinct(values: Iterable<number | string>): number {
  return new Set(values).size;
}

function repeatsARun(text: string, length: number): boolean {
  const seen = new Set<string>();
  for (let i = 0; i + length <= text.length; i++) {
    const run = text.slice(i, i + length);
    if (seen.has(run)) return true;
    seen.add(run);
  }
  return false;
}

/** Why the secret string is not a random key, or undefined when it looks like one. */
export function weakSecret(secret: string): string | undefined {
  if (HEX.test(secret)) {
    if (secret.length < HEX_CHARS) return `hex of ${secret.length} characters is fewer than 32 bytes`;
    if (distinct(secret.toLowerCase()) < MIN_DISTINCT_HEX || !/[0-9]/.test(secret) || !/[a-fA-F]/.test(secret)) return "it repeats too few hex digits to be random";
    return repeatsARun(secret.toLowerCase(), HEX_RUN) ? "it repeats a run of characters" : undefined;
  }
  if (!BASE64.test(secret)) return "it is not hex or base64 of random bytes (a password or passphrase?)";
  const body = secret.replace(/=+$/, "");
  if (body.length < BASE64_CHARS) return `base64 of ${body.length} characters is fewer than 32 bytes`;
  if (!/[a-z]/.test(body) || !/[A-Z]/.test(body)) return "base64 of random bytes has both upper- and lower-case letters";
  if (distinct(body) < MIN_DISTINCT_BASE64) return "it repeats too few characters to be random";
  return repeatsARun(body, BASE64_RUN) ? "it repeats a run of characters (a word?)" : undefined;
}

/** Why the raw key bytes are not random, or undefined when they look random. */
export function weakBytes(bytes: Uint8Array): string | undefined {
  if (distinct(bytes) < MIN_DISTINCT_BYTES) return "too few distinct bytes";
  if (bytes.every((b) => b >= 0x20 && b < 0x7f)) return "every byte is printable text (a password as bytes?)";
  return undefined;
}
