/** The format version; it starts every value and is bound into the AAD. */
export const VERSION = "v1";

/**
 * The additional authenticated data for a key: the format version, the key id, the provider's context
 * and the cookie name, so a value issued under one manager's cookie never opens under another's with
 * the same keys. Neither context nor name holds a NUL, so the NUL before the name keeps every
 * (context, name) pair, and the form without a name, apart.
 */
export function aadFor(kid: string, context: string, cookieName: string | undefined): Buffer {
  const base = `sess-cookie.${VERSION}.${kid}.${context}`;
  return Buffer.from(cookieName === undefined ? base : `${base}\0cookie=${cookieName}`, "utf8");
}
