import { describe, expect, it } from "vitest";
import { SessErrorCode, createManager, newManager, type CreateManagerOptions } from "../src/index.js";
import { register } from "../src/provider.js";
import { unregister } from "../src/testing.js";
import { MapProvider } from "./support/map-provider.js";

const SECRET = "a-secret-of-sixteen-or-more";

function open(options: Partial<CreateManagerOptions> | Record<string, unknown>) {
  return createManager({ provider: new MapProvider(), maxLifetime: 60, ...options });
}

async function rejection(options: Partial<CreateManagerOptions> | Record<string, unknown>): Promise<string> {
  const err: unknown = await open(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ name: "SessError", code: SessErrorCode.INVALID_CONFIG });
  return (err as Error).message;
}

// Options of other session libraries, each refused with the sess spelling in the message.
const habits: [string, Record<string, unknown>, RegExp][] = [
  ["secret (express-session)", { secret: SECRET }, /unknown option "secret": sess spells it `secrets: \["\.\.\."\]`/],
  ["name (express-session)", { name: "sid" }, /unknown option "name": the cookie name is `cookieName`/],
  ["cookie: {...} (express-session)", { cookie: { sameSite: "strict", secure: true } }, /unknown option "cookie": sess takes the cookie attributes at the top level: `path`, `domain`, `secure`, `httpOnly`, `sameSite`/],
  ["resave (express-session)", { resave: false }, /unknown option "resave": not needed: sess writes only the keys a request changed/],
  ["saveUninitialized (express-session)", { saveUninitialized: false }, /unknown option "saveUninitialized": not needed: a new session with no data is never stored/],
  ["maxAge", { maxAge: 3_600_000 }, /unknown option "maxAge": the lifetime is `maxLifetime`, in seconds/],
  ["store (express-session)", { store: {} }, /unknown option "store": the store is the provider/],
  ["genid (express-session)", { genid: () => "x" }, /unknown option "genid": not supported: ids are always 256 bits/],
  ["proxy (express-session)", { proxy: true }, /unknown option "proxy": sess spells it `trustProxy: true`/],
  ["unset (express-session)", { unset: "destroy" }, /unknown option "unset": not needed: `session.destroy\(\)`/],
  ["keys (koa-session, cookie-session)", { keys: [SECRET] }, /unknown option "keys": sess spells it `secrets/],
  ["key (koa-session)", { key: "koa.sess" }, /unknown option "key": the cookie name is `cookieName`/],
  ["ttl (connect-redis)", { ttl: 60 }, /unknown option "ttl": the lifetime is `maxLifetime`, in seconds/],
  ["renew (koa-session)", { renew: true }, /unknown option "renew": sess refreshes expiry by itself/],
  ["signed (koa-session)", { signed: true }, /unknown option "signed": cookies are signed when `secrets/],
];

describe("options that refuse mistakes", () => {
  it.each(habits)("%s is refused with the sess spelling", async (_label, options, message) => {
    expect(await rejection(options)).toMatch(message);
  });

  it("a typo is refused naming the key and listing the options", async () => {
    const message = await rejection({ idleTimout: 30 });
    expect(message).toMatch(/unknown option "idleTimout"; the options are path, domain, secure, .*idleTimeout/);
  });

  it("newManager refuses an unknown option in its fifth argument too", async () => {
    const name = `habits-${process.pid}`;
    register(name, () => new MapProvider());
    try {
      await expect(newManager(name, "sid", 60, undefined, { secret: SECRET } as never)).rejects.toMatchObject({
        code: SessErrorCode.INVALID_CONFIG,
        message: expect.stringContaining('unknown option "secret"') as unknown,
      });
    } finally {
      unregister(name);
    }
  });

  it("rolling is a sess option and is accepted", async () => {
    const m = await open({ rolling: false });
    expect(m.options.rolling).toBe(false);
    await m.close();
  });

  it("maxLifetime above 400 days is refused, saying it is in seconds", async () => {
    const message = await rejection({ maxLifetime: 365 * 24 * 3600 * 1000 });
    expect(message).toMatch(/maxLifetime is in seconds: 31536000000 is 365000 days, above the 400 days \(34560000\) browsers keep a cookie \(milliseconds\? an hour is 3600/);
    expect(await rejection({ maxLifetime: 60, idleTimeout: 400 * 86400 + 1 })).toMatch(/idleTimeout is in seconds/);
  });

  it("maxLifetime of exactly 400 days is accepted", async () => {
    const m = await open({ maxLifetime: 400 * 86400 });
    expect(m.options.idleMs).toBe(400 * 86400 * 1000);
    await m.close();
  });

  it("the seed's newManager(name, cookie, 3600, \"\") needs no secrets: the cookie is the bare id", async () => {
    const name = `seed-${process.pid}`;
    register(name, () => new MapProvider());
    try {
      const m = await newManager(name, "gosessionid", 3600, "");
      expect(m.options.secrets).toEqual([]);
      const s = m.create();
      s.set("user", "ann");
      await s.release();
      expect((await m.load(s.id))?.get("user")).toBe("ann");
      await m.close();
    } finally {
      unregister(name);
    }
  });
});

// Issue 21, item 7: cookies that browsers reject are refused when the Manager opens.
describe("cookie options browsers reject", () => {
  const rejected: [string, Record<string, unknown>, RegExp][] = [
    ['sameSite "none" with secure "auto"', { sameSite: "none", secure: "auto" }, /sameSite "none" needs secure: true .*got secure: "auto"/],
    ['sameSite "none" with secure left at its default ("auto")', { sameSite: "none" }, /sameSite "none" needs secure: true/],
    ['partitioned with secure "auto"', { partitioned: true }, /partitioned cookies need secure: true/],
    ['__Host- name with secure "auto"', { cookieName: "__Host-sid" }, /a cookie named __Host-… needs secure: true .*got secure: "auto"/],
    ["__Host- name with secure false", { cookieName: "__Host-sid", secure: false }, /a cookie named __Host-… needs secure: true/],
    ['__Secure- name with secure "auto"', { cookieName: "__Secure-sid", secure: "auto" }, /a cookie named __Secure-… needs secure: true/],
    ["__Host- name with a domain", { cookieName: "__Host-sid", secure: true, domain: "example.com" }, /__Host-… must not have a domain .*"example\.com"/],
    ['__Host- name with a path other than "/"', { cookieName: "__Host-sid", secure: true, path: "/app" }, /__Host-… must have path "\/" .*"\/app"/],
    ["__host- in another case with a domain", { cookieName: "__host-sid", secure: true, domain: "example.com" }, /must not have a domain/],
  ];
  it.each(rejected)("%s is INVALID_CONFIG", async (_label, options, message) => {
    expect(await rejection(options)).toMatch(message);
  });

  it("accepts __Host- with secure true, no domain and path /, and __Secure- with a domain", async () => {
    for (const options of [{ cookieName: "__Host-sid", secure: true }, { cookieName: "__Secure-sid", secure: true, domain: "example.com", path: "/app" }] as const) {
      const m = await open({ ...options, secrets: [SECRET] });
      await m.close();
    }
  });
});
