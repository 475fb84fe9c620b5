// PostgreSQL text and jsonb cannot hold U+0000, and a lone UTF-16 surrogate has no UTF-8 form.
// Each such code unit, and the escape character U+0001 itself, is stored as U+0001 followed by
// four hex digits: reversible, and every other string (nearly all of them) is stored as it is.
// eslint-disable-next-line no-control-regex -- matching NUL and U+0001 is the point
const NEEDS_ESCAPE = /[\u0000\u0001]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const EACH_ESCAPE = new RegExp(NEEDS_ESCAPE.source, "g");
// eslint-disable-next-line no-control-regex -- U+0001 is the escape character
const ESCAPED = /\u0001([0-9a-f]{4})/g;

/** A data key or value as stored: NUL, U+0001 and lone surrogates escaped. */
export function escapeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(EACH_ESCAPE, (c) => `\u0001${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The original string of a stored key or value. */
export function unescapeText(stored: string): string {
  if (!stored.includes("\u0001")) return stored;
  return stored.replace(ESCAPED, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
