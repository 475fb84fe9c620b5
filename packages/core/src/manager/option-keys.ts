import { SessError, SessErrorCode } from "../errors.js";

// Every option a Manager knows. A key outside this list is a mistake (a typo, or a habit from
// another session library) that would otherwise be ignored in silence: in JavaScript,
// express-session's `cookie: { secure: true }` would leave the cookie without Secure.
const KNOWN = new Set([
  "path", "domain", "secure", "httpOnly", "sameSite", "partitioned",
  "secrets", "idleTimeout", "absoluteTimeout", "rolling", "touchAfter", "maxSize", "codec",
  "persistent", "trustProxy", "idFromHeader", "gcInterval", "onError", "now", "storeDown",
  "telemetry",
]);

// Options of other session libraries (express-session, koa-session, cookie-session,
// @fastify/session), and what sess says instead.
const HABITS: Record<string, string> = {
  secret: 'sess spells it `secrets: ["..."]` (a list: the first signs, all verify)',
  keys: 'sess spells it `secrets: ["..."]` (a list: the first signs, all verify)',
  signed: 'cookies are signed when `secrets: ["..."]` is given',
  name: "the cookie name is `cookieName` in createManager, newManager's second argument",
  key: "the cookie name is `cookieName` in createManager, newManager's second argument",
  cookie: "sess takes the cookie attributes at the top level: `path`, `domain`, `secure`, `httpOnly`, `sameSite`, `partitioned`; the lifetime is `maxLifetime` (seconds)",
  maxAge: "the lifetime is `maxLifetime`, in seconds (newManager's third argument)",
  ttl: "the lifetime is `maxLifetime`, in seconds (newManager's third argument)",
  expires: "the lifetime is `maxLifetime`, in seconds (newManager's third argument)",
  store: "the store is the provider: a registered name (`\"redis\"`) or a provider instance, createManager's `provider`",
  resave: "not needed: sess writes only the keys a request changed, and refreshes expiry by `touchAfter`",
  saveUninitialized: "not needed: a new session with no data is never stored and sends no cookie",
  genid: "not supported: ids are always 256 bits from the CSPRNG, so no one can choose or guess one",
  proxy: "sess spells it `trustProxy: true`",
  unset: "not needed: `session.destroy()` removes a session, `session.delete(key)` a key",
  renew: "sess refreshes expiry by itself (`rolling`, `touchAfter`)",
};

/** Rejects with `INVALID_CONFIG` an options object holding a key no Manager option has, naming it and, for a known habit, the sess spelling. */
export function assertKnownKeys(options: object): void {
  for (const key of Object.keys(options)) {
    if (KNOWN.has(key)) continue;
    const habit = Object.hasOwn(HABITS, key) ? HABITS[key] : undefined;
    const message = habit ? `unknown option "${key}": ${habit}` : `unknown option "${key}"; the options are ${[...KNOWN].join(", ")}`;
    throw new SessError(SessErrorCode.INVALID_CONFIG, message);
  }
}
