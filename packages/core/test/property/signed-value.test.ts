import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newSessionId, signId, unsignId, verifyId } from "../../src/provider.js";
import { holds } from "./support/seeds.js";

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const secret = fc.uint8Array({ minLength: 16, maxLength: 48 }).map((bytes) => Buffer.from(bytes));
const secrets = fc.array(secret, { minLength: 1, maxLength: 4 });
const sessionId = fc.constant(null).map(() => newSessionId());
/** Anything a client could put in the cookie: short text, long text, and near misses of real values. */
const hostile = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.tuple(sessionId, fc.string({ maxLength: 60 })).map(([id, tail]) => `${id}.${tail}`),
  fc.tuple(sessionId, fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: 40, maxLength: 46 })).map(([id, sig]) => `${id}.${sig}`),
);

/** A signed value and a position in it: anywhere, or (often) the last character, whose low bits base64url leaves unused. */
const signedAt = fc
  .tuple(sessionId, secrets, fc.oneof(fc.nat(), fc.constant(-1)))
  .map(([id, keys, at]) => {
    const value = signId(id, keys);
    return { keys, value, index: at < 0 ? value.length - 1 : at % value.length };
  });

describe("signed cookie values (property)", () => {
  it("verifyId and unsignId never throw, whatever the value and secrets", () => {
    holds(
      fc.property(fc.option(hostile, { nil: undefined }), fc.array(secret, { maxLength: 3 }), (value, keys) => {
        const verified = verifyId(value, keys);
        expect(unsignId(value, keys)).toBe(verified?.id);
      }),
    );
  });

  it("a value verifies iff a listed secret signed it, and is current iff the first one did", () => {
    holds(
      fc.property(sessionId, fc.uniqueArray(secret, { minLength: 2, maxLength: 5, selector: (b) => b.toString("hex") }), fc.nat(), fc.nat(), (id, pool, listedCount, signer) => {
        const listed = pool.slice(0, 1 + (listedCount % pool.length));
        const signedBy = pool[signer % pool.length]!;
        const verified = verifyId(signId(id, [signedBy]), listed);
        const index = listed.findIndex((s) => s.equals(signedBy));
        if (index < 0) expect(verified).toBeUndefined();
        else expect(verified).toEqual({ id, current: index === 0 });
      }),
    );
  });

  it("only the canonical spelling verifies: every one-character change is refused", () => {
    holds(
      fc.property(signedAt, ({ keys, value, index }) => {
        // Every other base64url character at this position, so a spelling that decodes to the same bytes cannot hide.
        for (const c of BASE64URL.replace(value[index]!, "")) {
          const altered = value.slice(0, index) + c + value.slice(index + 1);
          expect(verifyId(altered, keys), `"${altered}" verified`).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a hostile value verifies only when it is exactly what a listed secret signs for its id", () => {
    holds(
      fc.property(hostile, secrets, (value, keys) => {
        const verified = verifyId(value, keys);
        if (verified) expect(keys.map((k) => signId(verified.id, [k]))).toContain(value);
      }),
    );
  });
});
