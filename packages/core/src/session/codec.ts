import { SessError, SessErrorCode } from "../errors.js";

/** Turns one session value into the string a provider stores, and back. */
export interface Codec {
  /** Encodes a value; throws (any error) for values it cannot represent. */
  encode(value: unknown): string;
  /** Decodes what `encode` produced; throws for malformed input. */
  decode(text: string): unknown;
}

// JSON.stringify silently drops functions and symbols and throws a bare TypeError
// on BigInt; refusing them here turns a silent loss into a clear error at set().
function refuseUnencodable(this: unknown, key: string, value: unknown): unknown {
  const kind = typeof value;
  if (kind === "function" || kind === "symbol" || kind === "bigint") {
    throw new TypeError(`a ${kind} cannot be stored as JSON${key ? ` (at "${key}")` : ""}`);
  }
  return value;
}

/** The default codec: JSON, refusing functions, symbols, BigInt and cycles. Dates come back as strings. */
export const jsonCodec: Codec = {
  encode(value) {
    const text = JSON.stringify(value, refuseUnencodable);
    if (text === undefined) throw new TypeError("undefined cannot be stored; use delete()");
    return text;
  },
  decode(text) {
    return JSON.parse(text) as unknown;
  },
};

/** Encodes with `codec`, wrapping any failure as `ENCODE_FAILED` naming the data key. */
export function encodeValue(codec: Codec, key: string, value: unknown): string {
  let text: unknown;
  try {
    text = codec.encode(value);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new SessError(SessErrorCode.ENCODE_FAILED, `cannot encode the value of "${key}": ${why}`, { cause });
  }
  if (typeof text !== "string") {
    throw new SessError(SessErrorCode.ENCODE_FAILED, `the codec returned ${typeof text} for "${key}", not a string`);
  }
  return text;
}
