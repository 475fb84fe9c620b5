import { createHash, randomBytes } from "node:crypto";

/** A fresh storage key shaped like the Manager's: SHA-256 hex of 32 random bytes. */
export function randomStorageKey(): string {
  return createHash("sha256").update(randomBytes(32)).digest("hex");
}
