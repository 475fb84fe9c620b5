/** The format version; it starts every value and is bound into the AAD. */
export const VERSION = "v1";

/** The additional authenticated data for a key: the format version, the key id and the provider's context. */
export function aadFor(kid: string, context: string): Buffer {
  return Buffer.from(`sess-cookie.${VERSION}.${kid}.${context}`, "utf8");
}
