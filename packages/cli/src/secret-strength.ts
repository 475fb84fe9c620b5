/** The least a signing secret should carry: 128 bits, as much as an AES-128 key. */
export const MIN_SECRET_BITS = 128;

const WORDS = /(secret|password|passwd|changeme|change-me|example|default|session|keyboard cat|test|admin|qwerty|letmein|1234)/i;

/**
 * A rough upper bound on a secret's entropy in bits: its length times log2 of the alphabet its
 * character classes span, and nothing for a secret built from one repeated character or a well-known
 * word. Generous on purpose: it only catches what is plainly weak (`"keyboard cat"`, `"aaaa…"`).
 */
export function estimateBits(secret: string): number {
  if (new Set(secret).size <= 2) return 0;
  let alphabet = 0;
  if (/[a-z]/.test(secret)) alphabet += 26;
  if (/[A-Z]/.test(secret)) alphabet += 26;
  if (/[0-9]/.test(secret)) alphabet += 10;
  if (/[^a-zA-Z0-9]/.test(secret)) alphabet += 33;
  // Distinct characters bound what a short alphabet can carry: "abababab…" is not 26 letters' worth.
  const perChar = Math.log2(Math.min(alphabet, new Set(secret).size * 4));
  const bits = secret.length * perChar;
  return WORDS.test(secret) ? Math.min(bits, 40) : bits;
}

/** What is wrong with one secret, or undefined. */
export function secretProblem(secret: string): string | undefined {
  if (secret.length < 32) return `${secret.length} characters: use at least 32 random characters (openssl rand -base64 32)`;
  const bits = estimateBits(secret);
  if (bits < MIN_SECRET_BITS) return `about ${Math.floor(bits)} bits of entropy (a word or a repeated pattern): use ${MIN_SECRET_BITS} bits or more from a random generator`;
  return undefined;
}
