import { randomBytes } from "node:crypto";
import { newSessionId, type SealedSession } from "@sess/core/provider";

/** A fresh random 32-byte key: no test depends on a key from an earlier run. */
export function rawKey(): Buffer {
  return randomBytes(32);
}

/** A fresh random secret of 43 characters (HKDF derives the key). */
export function secret(): string {
  return randomBytes(32).toString("base64url");
}

/** A session as the Manager would hand it to `seal`. */
export function sealedSession(data: Record<string, string> = { user: '"ada"' }, now = Date.now()): SealedSession {
  return { id: newSessionId(), data, createdAt: now, expiresAt: now + 3_600_000 };
}
