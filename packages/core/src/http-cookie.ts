import type { IncomingMessage, ServerResponse } from "node:http";
import { parse, serialize } from "cookie";
import type { ResolvedOptions } from "./options.js";

/** The raw value of the session cookie (or of the id header), if the request carries one. */
export function readIdValue(req: IncomingMessage, options: ResolvedOptions): string | undefined {
  const header = req.headers.cookie;
  if (header && header.length <= 16384) {
    try {
      const value = parse(header)[options.cookieName];
      if (value !== undefined) return value;
    } catch {
      // A malformed Cookie header is treated as carrying no session.
    }
  }
  if (options.idHeader) {
    const value = req.headers[options.idHeader];
    if (typeof value === "string") return value;
  }
  return undefined;
}

function isSecureRequest(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!trustProxy) return false;
  const proto = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

/** A Set-Cookie value: `maxAgeMs` undefined for a browser-session cookie, 0 to expire it. */
export function sessionCookie(
  req: IncomingMessage,
  options: ResolvedOptions,
  value: string,
  maxAgeMs: number | undefined,
  now: number,
): string {
  const { cookie } = options;
  const secure = cookie.secure === "auto" ? isSecureRequest(req, options.trustProxy) : cookie.secure;
  const maxAge = maxAgeMs === undefined ? undefined : Math.max(0, Math.floor(maxAgeMs / 1000));
  return serialize(options.cookieName, value, {
    path: cookie.path,
    domain: cookie.domain,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite === false ? undefined : cookie.sameSite,
    secure,
    partitioned: cookie.partitioned && secure,
    maxAge,
    expires: maxAge === undefined ? undefined : new Date(maxAge === 0 ? 0 : now + maxAge * 1000),
    // Ids and signatures are base64url; no encoding is needed.
    encode: (v) => v,
  });
}

/** Adds a Set-Cookie header, keeping any the application already set. */
export function appendSetCookie(res: ServerResponse, value: string): void {
  const existing = res.getHeader("set-cookie");
  if (existing === undefined) res.setHeader("set-cookie", value);
  else res.setHeader("set-cookie", Array.isArray(existing) ? [...existing, value] : [String(existing), value]);
}
