import { describe, expect, it } from "vitest";
import { newSessionId, signId, unsignId, verifyId } from "../src/provider.js";

const A = Buffer.from("a-secret-of-sixteen-or-more");
const B = Buffer.from("b-secret-of-sixteen-or-more");
const C = Buffer.from("c-secret-of-sixteen-or-more");

describe("signId / unsignId", () => {
  it("unsignId(signId(id)) returns the id", () => {
    const id = newSessionId();
    const value = signId(id, [A]);
    expect(value).toMatch(new RegExp(`^${id}\\.[A-Za-z0-9_-]{43}$`));
    expect(unsignId(value, [A])).toBe(id);
  });

  it("without secrets the value is the bare id", () => {
    const id = newSessionId();
    expect(signId(id, [])).toBe(id);
    expect(unsignId(id, [])).toBe(id);
    expect(unsignId(`${id}.x`, [])).toBeUndefined();
  });

  it("refuses a signature made with another secret", () => {
    const id = newSessionId();
    expect(unsignId(signId(id, [C]), [A, B])).toBeUndefined();
  });

  it("refuses a rotated-out secret and accepts a still-listed older one", () => {
    const id = newSessionId();
    const underB = signId(id, [B]);
    expect(unsignId(underB, [A, B])).toBe(id); // B still listed: verifies
    expect(unsignId(underB, [A])).toBeUndefined(); // B rotated out
    expect(signId(id, [A, B])).toBe(signId(id, [A])); // the first secret signs
  });

  it("refuses a tampered id under a valid signature", () => {
    const id = newSessionId();
    const other = newSessionId();
    const sig = signId(id, [A]).split(".")[1]!;
    expect(unsignId(`${other}.${sig}`, [A])).toBeUndefined();
    const flipped = (id[0] === "A" ? "B" : "A") + id.slice(1);
    expect(unsignId(`${flipped}.${sig}`, [A])).toBeUndefined();
  });

  it("refuses a signature with junk the base64 decoder would skip", () => {
    const id = newSessionId();
    const value = signId(id, [A]);
    const sig = value.split(".")[1]!;
    for (const bad of [`${value}=`, `${value}!`, `${id}.${sig.slice(0, 20)}!${sig.slice(20)}`, `${id}. ${sig}`, `${value}.${sig}`]) {
      expect(unsignId(bad, [A]), bad).toBeUndefined();
    }
  });

  it("refuses missing, empty, short, long and unsigned values", () => {
    const id = newSessionId();
    for (const bad of [undefined, "", ".", "a", id, `${id}.`, `.${signId(id, [A]).split(".")[1]}`, "x".repeat(10_000), "../../etc/passwd"]) {
      expect(unsignId(bad, [A])).toBeUndefined();
    }
  });

  it("verifyId says whether the current (first) secret signed the value", () => {
    const id = newSessionId();
    expect(verifyId(signId(id, [A]), [A, B])).toEqual({ id, current: true });
    expect(verifyId(signId(id, [B]), [A, B])).toEqual({ id, current: false });
    expect(verifyId(id, [])).toEqual({ id, current: true });
    expect(verifyId(signId(id, [C]), [A, B])).toBeUndefined();
  });
});

describe("canonical signatures", () => {
  it("a signature verifies in exactly one spelling (the last character's padding bits must be zero)", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let n = 0; n < 50; n++) {
      const id = newSessionId();
      const value = signId(id, [A]);
      const last = value.at(-1)!;
      const index = alphabet.indexOf(last);
      // The three other characters that decode to the same 32 bytes.
      for (const other of [1, 2, 3].map((bits) => alphabet[(index & ~3) | bits]!)) {
        const respelled = value.slice(0, -1) + other;
        expect(Buffer.from(respelled.split(".")[1]!, "base64url")).toEqual(Buffer.from(value.split(".")[1]!, "base64url"));
        expect(verifyId(respelled, [A])).toBeUndefined();
      }
      expect(verifyId(value, [A])).toEqual({ id, current: true });
    }
  });
});
