import { createHmac } from "node:crypto";

/** A `connect.sid` pair as express-session signs it (cookie-signature), for ids the tests make up. */
export function legacyPair(id: string, secret: string, name = "connect.sid"): string {
  const signature = createHmac("sha256", secret).update(id).digest("base64").replace(/=+$/, "");
  return `${name}=${encodeURIComponent(`s:${id}.${signature}`)}`;
}
