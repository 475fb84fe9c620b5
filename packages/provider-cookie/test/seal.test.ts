import { isSessError, SessErrorCode } from "@sess/core";
import { describe, expect, it } from "vitest";
import { cookieProvider } from "../src/index.js";
import { KeyRing } from "../src/key-ring.js";
import { sealValue } from "../src/sealed-value.js";
import { rawKey, sealedSession, secret } from "./support/keys.js";

const FORMAT = /^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/;

describe("seal and unseal", () => {
  it("unseal(seal(s)) gives back the id, data, createdAt and expiresAt", () => {
    const provider = cookieProvider({ keys: [rawKey()] });
    const session = sealedSession({ user: '"ada"', ["__proto__"]: '{"admin":true}', cart: "[1,2,3]", "é": '"ü"' });
    expect(Object.keys(session.data)).toContain("__proto__");
    const opened = provider.unseal(provider.seal(session));
    expect(opened?.stale).toBe(false);
    expect({ ...opened?.session, data: { ...opened?.session.data } }).toEqual({ ...session, data: { ...session.data } });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("seal(s) is v1.<kid>.<nonce>.<ciphertext+tag> in base64url, with a fresh nonce every time", () => {
    const provider = cookieProvider([rawKey()]);
    const session = sealedSession();
    const a = provider.seal(session);
    const b = provider.seal(session);
    expect(a).toMatch(FORMAT);
    expect(b).toMatch(FORMAT);
    expect(a.split(".")[1]).toBe(b.split(".")[1]);
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
    expect(a.split(".")[3]).not.toBe(b.split(".")[3]);
  });

  it("the sealed value carries no plaintext of the data or the id", () => {
    const provider = cookieProvider([rawKey()]);
    const session = sealedSession({ user: '"ada@example.com"' });
    const value = provider.seal(session);
    const decoded = Buffer.from(value.split(".")[3]!, "base64url").toString("latin1");
    expect(decoded).not.toContain("ada@example.com");
    expect(value).not.toContain(session.id);
    expect(decoded).not.toContain(Buffer.from(session.id, "base64url").toString("latin1"));
  });

  it("unseal flips stale for a value sealed by a key other than the first", () => {
    const [k1, k2, k3] = [rawKey(), secret(), rawKey()];
    const old = cookieProvider([k3]).seal(sealedSession());
    const ring = cookieProvider([k1, k2, k3]);
    expect(ring.unseal(old)?.stale).toBe(true);
    expect(ring.unseal(ring.seal(sealedSession()))?.stale).toBe(false);
    expect(cookieProvider([k1, k2]).unseal(old)).toBeNull();
  });

  it("a secret derives the same key in every process (HKDF), a different secret does not", () => {
    const s = secret();
    const value = cookieProvider(s).seal(sealedSession());
    expect(cookieProvider(s).unseal(value)).not.toBeNull();
    expect(cookieProvider(secret()).unseal(value)).toBeNull();
  });

  it("a value sealed under another context does not open", () => {
    const key = rawKey();
    const value = cookieProvider({ keys: [key], context: "sid" }).seal(sealedSession());
    expect(cookieProvider({ keys: [key], context: "sid" }).unseal(value)).not.toBeNull();
    expect(cookieProvider({ keys: [key], context: "other" }).unseal(value)).toBeNull();
    expect(cookieProvider({ keys: [key] }).unseal(value)).toBeNull();
  });

  it("unseal returns null, never throws, for every truncation and extension of a value", () => {
    const provider = cookieProvider([rawKey()]);
    const value = provider.seal(sealedSession());
    for (let n = 0; n < value.length; n++) expect(provider.unseal(value.slice(0, n))).toBeNull();
    for (const extra of ["A", "AA", "AAA", "AAAA", ".", "=", "==", " "]) expect(provider.unseal(value + extra)).toBeNull();
  });

  it("unseal returns null for every byte of the value flipped, and for every character replaced", () => {
    const provider = cookieProvider([rawKey()]);
    const value = provider.seal(sealedSession());
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    for (let i = 0; i < value.length; i++) {
      const flipped = value.slice(0, i) + String.fromCharCode(value.charCodeAt(i) ^ 1) + value.slice(i + 1);
      expect(provider.unseal(flipped), `bit flip at ${i}`).toBeNull();
      const next = alphabet[(alphabet.indexOf(value[i]!) + 1) % alphabet.length]!;
      expect(provider.unseal(value.slice(0, i) + next + value.slice(i + 1)), `character at ${i}`).toBeNull();
    }
    const [v, kid, nonce, body] = value.split(".") as [string, string, string, string];
    for (const [part, bytes] of [["nonce", Buffer.from(nonce, "base64url")], ["body", Buffer.from(body, "base64url")]] as const) {
      for (let i = 0; i < bytes.length; i++) {
        const copy = Buffer.from(bytes);
        copy[i] = copy[i]! ^ 0x80;
        const again = part === "nonce" ? `${v}.${kid}.${copy.toString("base64url")}.${body}` : `${v}.${kid}.${nonce}.${copy.toString("base64url")}`;
        expect(provider.unseal(again), `${part} byte ${i}`).toBeNull();
      }
    }
  });

  it("unseal returns null for a re-encoded value: padded, standard alphabet, other spelling of the last character, percent-encoded, quoted", () => {
    const provider = cookieProvider([rawKey()]);
    let value = provider.seal(sealedSession());
    // Find a seal whose body needs padding and contains - or _, so every re-encoding differs from the original.
    while (value.length % 4 === 0 || !/[-_]/.test(value.split(".")[3]!)) value = provider.seal(sealedSession());
    const body = value.split(".")[3]!;
    const head = value.slice(0, value.length - body.length);
    const padded = head + Buffer.from(body, "base64url").toString("base64");
    const standard = head + body.replaceAll("-", "+").replaceAll("_", "/");
    const last = body[body.length - 1]!;
    const sibling = String.fromCharCode(last.charCodeAt(0) + 1); // same high bits, non-zero padding bits
    expect(provider.unseal(value)).not.toBeNull();
    for (const variant of [padded, `${value}=`, `${value}==`, standard, head + body.slice(0, -1) + sibling, encodeURIComponent(value).replaceAll(".", "%2E"), `"${value}"`, ` ${value}`, value.toUpperCase(), value.replace("v1.", "V1."), value.replace("v1.", "v2.")]) {
      expect(provider.unseal(variant), variant).toBeNull();
    }
  });

  it("unseal returns null for hostile input of any shape and size", () => {
    const provider = cookieProvider([rawKey()]);
    const hostile: unknown[] = ["", "v1", "v1.", "v1....", "v1.AAAAAAAA.AAAAAAAAAAAAAAAA.", `v1.AAAAAAAA.AAAAAAAAAAAAAAAA.${"A".repeat(64)}`, "x".repeat(1_000_000), "v1.ü".repeat(100), "\u0000", "{}", "null", undefined, null, 42, {}];
    for (const value of hostile) expect(provider.unseal(value as string)).toBeNull();
  });

  it("unseal returns null for a value sealed by this key whose payload is damaged (no exception)", () => {
    const key = rawKey();
    const provider = cookieProvider([key]);
    const ring = new KeyRing([key], "sess");
    const header = Buffer.alloc(44, 1);
    for (const json of ["", "{", "[]", "null", '"x"', '{"a":1}', '{"a":{"b":"c"}}', "\u00ff\u00fe"]) {
      expect(provider.unseal(sealValue(ring, Buffer.concat([header, Buffer.from(json)]))), json).toBeNull();
    }
    // createdAt after expiresAt
    const bad = Buffer.concat([Buffer.alloc(32, 7), Buffer.from([0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 1]), Buffer.from("{}")]);
    expect(provider.unseal(sealValue(ring, bad))).toBeNull();
    expect(provider.unseal(sealValue(ring, Buffer.alloc(10)))).toBeNull();
  });

  it("after close(), unseal returns null and seal rejects with CLOSED", async () => {
    const provider = cookieProvider([rawKey()]);
    const value = provider.seal(sealedSession());
    await provider.close();
    expect(provider.unseal(value)).toBeNull();
    expect(() => provider.seal(sealedSession())).toThrow(expect.objectContaining({ code: SessErrorCode.CLOSED }));
  });
});

describe("size limit", () => {
  function largestFitting(provider: ReturnType<typeof cookieProvider>): number {
    let lo = 0;
    let hi = 8192;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      try {
        provider.seal(sealedSession({ big: "x".repeat(mid) }));
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    return lo;
  }

  it("seal accepts a value up to maxCookieSize - reservedBytes and rejects one byte more with TOO_LARGE naming the limit", () => {
    const provider = cookieProvider([rawKey()]);
    const n = largestFitting(provider);
    expect(provider.seal(sealedSession({ big: "x".repeat(n) })).length).toBeLessThanOrEqual(4096 - 256);
    expect(provider.seal(sealedSession({ big: "x".repeat(n) })).length).toBeGreaterThan(4096 - 256 - 4);
    let caught: unknown;
    try {
      provider.seal(sealedSession({ big: "x".repeat(n + 1) }));
    } catch (err) {
      caught = err;
    }
    expect(isSessError(caught, SessErrorCode.TOO_LARGE)).toBe(true);
    expect((caught as Error).message).toContain("4096-byte cookie limit");
  });

  it("maxCookieSize can be lowered, and the error names the lowered limit", () => {
    const provider = cookieProvider({ keys: [rawKey()], maxCookieSize: 1024, reservedBytes: 100 });
    const n = largestFitting(provider);
    expect(provider.seal(sealedSession({ big: "x".repeat(n) })).length).toBeLessThanOrEqual(924);
    expect(() => provider.seal(sealedSession({ big: "x".repeat(n + 1) }))).toThrow(/1024-byte cookie limit/);
    // A value longer than the limit does not open, even when the key is right.
    const key = rawKey();
    const long = cookieProvider({ keys: [key] }).seal(sealedSession({ big: "x".repeat(2000) }));
    expect(cookieProvider({ keys: [key] }).unseal(long)).not.toBeNull();
    expect(cookieProvider({ keys: [key], maxCookieSize: 1024 }).unseal(long)).toBeNull();
  });

  it("counts UTF-8 bytes, not characters", () => {
    const provider = cookieProvider([rawKey()]);
    const n = largestFitting(provider);
    expect(() => provider.seal(sealedSession({ big: "é".repeat(Math.ceil(n / 2) + 1) }))).toThrow(/cookie limit/);
  });
});
