import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { SessErrorCode, createManager, newManager, providers } from "@sess/core";
import { describe, expect, it } from "vitest";
import { CookieProvider, cookieProvider } from "../src/index.js";
import { rawKey, sealedSession, secret } from "./support/keys.js";

function refusal(make: () => unknown): Error & { code?: string } {
  try {
    make();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error("expected INVALID_CONFIG, nothing was thrown");
}

describe("key ring and config", () => {
  it('registers "cookie" on import', () => {
    expect(providers()).toContain("cookie");
  });

  it("refuses a missing key with INVALID_CONFIG", () => {
    for (const config of [undefined, null, "", [], { keys: [] }, { keys: undefined }, { maxLifetime: 60 }, { maxLifetime: 60, config: "" }, 42]) {
      expect(refusal(() => cookieProvider(config as never)).code, JSON.stringify(config)).toBe(SessErrorCode.INVALID_CONFIG);
    }
  });

  it("refuses a secret shorter than 32 characters, a raw key that is not 32 bytes, a non-random key", () => {
    const cases: unknown[] = ["x".repeat(31), "abc", rawKey().subarray(0, 16), Buffer.concat([rawKey(), rawKey()]), Buffer.alloc(32), "a".repeat(40), "abababababababababababababababab", 12345, {}];
    for (const key of cases) expect(refusal(() => cookieProvider({ keys: [key as string] })).code).toBe(SessErrorCode.INVALID_CONFIG);
  });

  it("refuses passphrase-like secrets (a repeated word, a phrase, a typed password as bytes), saying how to make a key", () => {
    // "passwordpassword…123" is the kind of 35-character secret a small dictionary recovered from one cookie's key id.
    const typed = Buffer.from("Tr0ub4dor&3-Tr0ub4dor&3-Tr0ub4d!", "latin1");
    const cases: unknown[] = [
      "passwordpasswordpasswordpassword123",
      "hunter2hunter2hunter2hunter2hunter2",
      "correct horse battery staple correct horse",
      "CorrectHorseBatteryStapleCorrectHorseBattery",
      "my-app-session-secret-change-me-in-production",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      typed,
    ];
    for (const key of cases) {
      const err = refusal(() => cookieProvider({ keys: [key as string] }));
      expect(err.code, String(key)).toBe(SessErrorCode.INVALID_CONFIG);
      expect(err.message).toContain("openssl rand -base64 32");
    }
  });

  it("accepts what generators print: openssl rand -base64 32 / -hex 32, base64url, longer keys and 32 raw bytes", () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(32);
      for (const key of [bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex"), bytes.toString("hex").toUpperCase(), randomBytes(48).toString("base64"), bytes]) {
        expect(cookieProvider({ keys: [key] }).keyCount).toBe(1);
      }
    }
  });

  it("refuses the same key listed twice, as a secret and as raw bytes", () => {
    const s = secret();
    const k = rawKey();
    expect(refusal(() => cookieProvider([s, secret(), s])).message).toMatch(/keys 0 and 2 are the same key/);
    expect(refusal(() => cookieProvider([k, Buffer.from(k)])).message).toMatch(/keys 0 and 1 are the same key/);
    expect(refusal(() => cookieProvider(`${s},${s}`)).code).toBe(SessErrorCode.INVALID_CONFIG);
  });

  it("refuses bad size options", () => {
    for (const options of [{ maxCookieSize: 8192 }, { maxCookieSize: 100 }, { maxCookieSize: 4000.5 }, { reservedBytes: -1 }, { reservedBytes: 4000 }, { context: 5 }]) {
      expect(refusal(() => cookieProvider({ keys: [rawKey()], ...options } as never)).code).toBe(SessErrorCode.INVALID_CONFIG);
    }
  });

  it("no key material appears in an error message, a stack, util.inspect, JSON or the provider's own properties", () => {
    const short = "short-secret-" + secret().slice(0, 10);
    const good = secret();
    const raw = rawKey();
    const errors = [
      refusal(() => cookieProvider([good, short])),
      refusal(() => cookieProvider([good, good])),
      refusal(() => cookieProvider([raw, Buffer.from(raw)])),
      refusal(() => cookieProvider([raw.subarray(0, 31)])),
      refusal(() => cookieProvider(`${good},${short}`)),
    ];
    const provider = cookieProvider([good, raw]);
    const shown = [
      ...errors.flatMap((e) => [e.message, String(e.stack), inspect(e, { depth: 10, showHidden: true })]),
      inspect(provider, { depth: 10, showHidden: true }),
      inspect({ provider }, { depth: 10, showHidden: true }),
      JSON.stringify(provider),
      JSON.stringify(Object.getOwnPropertyNames(provider).map((k) => String((provider as unknown as Record<string, unknown>)[k]))),
    ].join("\n");
    for (const material of [good, short, raw.toString("hex"), raw.toString("base64"), raw.toString("base64url"), raw.toString("latin1").slice(0, 8)]) {
      expect(shown).not.toContain(material);
    }
    expect(inspect(provider)).toBe("CookieProvider { keys: 2, maxCookieSize: 4096, closed: false }");
  });

  it('takes the seed\'s string form "secret1,secret2": the first seals, both unseal', async () => {
    const [a, b] = [secret(), secret()];
    const byB = cookieProvider({ keys: b, cookieName: "gosessionid" }).seal(sealedSession());
    const manager = await newManager("cookie", "gosessionid", 3600, `${a}, ${b}`);
    const provider = manager.provider as CookieProvider;
    expect(provider.keyCount).toBe(2);
    expect(provider.unseal(byB)?.stale).toBe(true);
    expect(cookieProvider({ keys: a, cookieName: "gosessionid" }).unseal(provider.seal(sealedSession()))?.stale).toBe(false);
    await manager.close();
  });

  it("takes an options object, a list of keys or one raw key through newManager and createManager", async () => {
    const key = rawKey();
    for (const config of [{ keys: [key] }, [key], key, { keys: key }]) {
      const manager = await newManager("cookie", "sid", 60, config);
      expect((manager.provider as CookieProvider).keyCount).toBe(1);
      await manager.close();
    }
    const manager = await createManager({ provider: cookieProvider([key]), maxLifetime: 60 });
    expect(manager.provider.name).toBe("cookie");
    await manager.close();
  });

  it("newManager rejects a bad config with INVALID_CONFIG", async () => {
    await expect(newManager("cookie", "sid", 60, "too-short")).rejects.toMatchObject({ code: SessErrorCode.INVALID_CONFIG });
    await expect(newManager("cookie", "sid", 60)).rejects.toMatchObject({ code: SessErrorCode.INVALID_CONFIG });
  });

  it("count() and load(id) reject UNSUPPORTED; gc() has nothing to collect", async () => {
    const manager = await newManager("cookie", "sid", 60, [rawKey()]);
    await expect(manager.count()).rejects.toMatchObject({ code: SessErrorCode.UNSUPPORTED });
    await expect(manager.load(sealedSession().id)).rejects.toMatchObject({ code: SessErrorCode.UNSUPPORTED });
    await expect(manager.gc()).resolves.toBe(0);
    await manager.close();
  });
});
