import { type SealedSession, isSessionId } from "@sess/core/provider";

// The plaintext: the id as its 32 bytes, createdAt and expiresAt as 48-bit
// big-endian milliseconds (good until the year 10889), then the data as JSON.
// Binary for the fixed part saves about 45 characters of cookie over JSON.
const ID_BYTES = 32;
const HEADER_BYTES = ID_BYTES + 6 + 6;
const MAX_TIME = 2 ** 48 - 1;

/** The plaintext `session` seals into, or undefined when its fields cannot be carried (a foreign id, a time out of range). */
export function encodePayload(session: SealedSession): Buffer | undefined {
  const { id, createdAt, expiresAt, data } = session;
  if (!isSessionId(id) || !validTime(createdAt) || !validTime(expiresAt)) return undefined;
  const json = JSON.stringify(data);
  const out = Buffer.allocUnsafe(HEADER_BYTES + Buffer.byteLength(json));
  out.write(id, 0, ID_BYTES, "base64url");
  out.writeUIntBE(createdAt, ID_BYTES, 6);
  out.writeUIntBE(expiresAt, ID_BYTES + 6, 6);
  out.write(json, HEADER_BYTES, "utf8");
  return out;
}

/** The session in a decrypted plaintext, or null when it is not one `encodePayload` made. */
export function decodePayload(plain: Buffer): SealedSession | null {
  if (plain.length < HEADER_BYTES + 2) return null;
  const id = plain.toString("base64url", 0, ID_BYTES);
  const createdAt = plain.readUIntBE(ID_BYTES, 6);
  const expiresAt = plain.readUIntBE(ID_BYTES + 6, 6);
  if (createdAt > expiresAt) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain.toString("utf8", HEADER_BYTES));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  // JSON.parse makes every key an own data property, "__proto__" included, so the object
  // is used as it is: nothing reaches Object.prototype, and no copy is made per request.
  const data = parsed as Record<string, unknown>;
  for (const key of Object.keys(data)) if (typeof data[key] !== "string") return null;
  return { id, data: data as Record<string, string>, createdAt, expiresAt };
}

function validTime(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_TIME;
}
