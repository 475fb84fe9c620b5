import { SessError, SessErrorCode } from "../errors.js";
import type { Manager } from "./manager.js";
import type { ResponseHeader } from "./binding.js";
import type { DefaultSessionData } from "../session/session-data.js";
import type { Session } from "../session/session.js";

/** The cookie a Next.js cookie store sets: the shape `cookies().set({...})` takes. */
export interface NextCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  maxAge?: number;
  expires?: Date;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "lax" | "strict" | "none";
  partitioned?: boolean;
}

/**
 * What this adapter uses of `await cookies()` from `next/headers` (typed by shape, so
 * core needs no `next` types): reading in every context, `set` in Route Handlers and
 * Server Actions.
 */
export interface NextCookieStore {
  getAll(name: string): { name: string; value: string }[];
  set(cookie: NextCookie): unknown;
}

/** Options of `getSession` and `readSession`. */
export interface NextSessionOptions {
  /** Whether the request came over HTTPS; decides the Secure attribute when the manager's `secure` is "auto" (default false). */
  secure?: boolean;
}

/** The part of a Session a Server Component may use: reading only. */
export type ReadonlySession<D extends object = DefaultSessionData> = Pick<Session<D>, "id" | "get" | "has" | "keys" | "isNew" | "createdAt" | "subject" | "persistent">;

// What changes a session or consumes data; a Server Component cannot send the cookie that would carry it.
const WRITES = new Set<PropertyKey>(["set", "delete", "flush", "flash", "flashes", "setSubject", "rememberMe", "release", "regenerate", "destroy"]);

function bindRequest<D extends object>(manager: Manager<D>, cookieStore: NextCookieStore, options: NextSessionOptions) {
  const name = manager.options.cookieName;
  const sent = cookieStore.getAll(name).map((cookie) => `${name}=${cookie.value}`);
  return manager.bind({ cookie: sent.length === 0 ? null : sent.join("; "), secure: options.secure ?? false });
}

/**
 * The request's session in a Route Handler or a Server Action, from Next's cookie store:
 * `const session = await getSession(sessions, await cookies())` (iron-session's
 * `getIronSession(await cookies(), ...)`). `await session.release()` stores the change
 * and sets the session cookie through the same store; call it before `redirect()`,
 * which ends the action by throwing.
 */
export async function getSession<D extends object = DefaultSessionData>(
  manager: Manager<D>,
  cookieStore: NextCookieStore,
  options: NextSessionOptions = {},
): Promise<Session<D>> {
  const binding = bindRequest(manager, cookieStore, options);
  const session = await binding.session();
  return new Proxy(session, {
    get(target, property) {
      if (property === "release") {
        return async () => {
          // Resolves as Session.release does: false when the session was destroyed or is detached.
          const stored = await binding.settle();
          setCookies(cookieStore, binding.headers());
          return stored;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The request's session in a Server Component, read-only: Next.js forbids setting
 * cookies while rendering, so every change (set, delete, flashes, regenerate, destroy,
 * release…) throws `HEADERS_SENT` instead of being stored without its cookie.
 */
export async function readSession<D extends object = DefaultSessionData>(
  manager: Manager<D>,
  cookieStore: Pick<NextCookieStore, "getAll">,
  options: NextSessionOptions = {},
): Promise<ReadonlySession<D>> {
  const session = await bindRequest(manager, { getAll: (name) => cookieStore.getAll(name), set: () => undefined }, options).session();
  return new Proxy(session, {
    get(target, property) {
      if (WRITES.has(property)) {
        return () => {
          throw new SessError(
            SessErrorCode.HEADERS_SENT,
            `session.${String(property)}() in a Server Component: Next.js cannot set cookies while rendering; change the session in a Server Action or Route Handler (getSession)`,
            { source: "next" },
          );
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function setCookies(cookieStore: NextCookieStore, headers: readonly ResponseHeader[]): void {
  for (const [name, value] of headers) {
    if (name !== "set-cookie") continue;
    try {
      cookieStore.set(parseSetCookie(value));
    } catch (error) {
      throw new SessError(
        SessErrorCode.HEADERS_SENT,
        "the session was saved but Next.js refused its cookie: outside a Server Action or Route Handler the cookie store is read-only; use readSession in Server Components",
        { source: "next", cause: error },
      );
    }
  }
}

/** The Set-Cookie value core wrote, as the object Next's cookie store takes. */
export function parseSetCookie(header: string): NextCookie {
  const [pair = "", ...attributes] = header.split("; ");
  const equals = pair.indexOf("=");
  const cookie: NextCookie = { name: pair.slice(0, equals), value: pair.slice(equals + 1) };
  for (const attribute of attributes) {
    const [key = "", value = ""] = attribute.split("=", 2);
    switch (key.toLowerCase()) {
      case "max-age":
        cookie.maxAge = Number(value);
        break;
      case "expires":
        cookie.expires = new Date(value);
        break;
      case "path":
        cookie.path = value;
        break;
      case "domain":
        cookie.domain = value;
        break;
      case "httponly":
        cookie.httpOnly = true;
        break;
      case "secure":
        cookie.secure = true;
        break;
      case "partitioned":
        cookie.partitioned = true;
        break;
      case "samesite":
        cookie.sameSite = value.toLowerCase() as "lax" | "strict" | "none";
        break;
    }
  }
  return cookie;
}
