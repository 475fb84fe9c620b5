import type { IncomingMessage } from "node:http";

/** What core needs to know about a request, whatever the framework. */
export interface RequestInfo {
  /** The request's Cookie header, as sent (undefined or null when absent). */
  cookie: string | null | undefined;
  /** Whether the request came over HTTPS; decides the Secure attribute when `secure` is "auto". */
  secure: boolean;
  /** Reads one request header by its lower-case name; needed only with `idFromHeader`. */
  header?: ((name: string) => string | null | undefined) | undefined;
  /** Whether the framework already sent the response headers (a streamed body); then a change that needs a new cookie throws `HEADERS_SENT`. */
  headersSent?: (() => boolean) | undefined;
}

/** Whether an X-Forwarded-Proto value says the client's hop was https (its first entry, the client's own). */
export function forwardedHttps(value: string | null | undefined): boolean {
  return value?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** Whether a Node request came over TLS, or (with `trustProxy`) through a proxy that says it did. */
export function isSecureRequest(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!trustProxy) return false;
  const proto = req.headers["x-forwarded-proto"];
  return forwardedHttps(Array.isArray(proto) ? proto[0] : proto);
}

/** What core needs of a Fetch `Request`: its Cookie header and whether its URL is https (or, with `trustProxy`, X-Forwarded-Proto says so). */
export function requestInfo(request: Request, trustProxy = false): RequestInfo {
  const headers = request.headers;
  let secure = request.url.startsWith("https:");
  if (!secure && trustProxy) secure = forwardedHttps(headers.get("x-forwarded-proto"));
  return { cookie: headers.get("cookie"), secure, header: (name) => headers.get(name) };
}
