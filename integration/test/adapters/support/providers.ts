import { randomBytes } from "node:crypto";
import { cookieProvider } from "@sess/provider-cookie";

/** A cookie (sealing) provider with a fresh random key. */
export function sealedProvider() {
  return cookieProvider({ keys: [randomBytes(32).toString("base64url")] });
}
