import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SessErrorCode, isSessError, jsonCodec } from "../../src/index.js";
import { mapManager } from "../support/manager.js";
import { holds, holdsAsync } from "./support/seeds.js";

// JSON has no -0: it comes back as 0, which is the same number to every user of the value.
const jsonSafe = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** A value JSON cannot carry faithfully, somewhere inside an otherwise JSON-safe value. */
const unsafeLeaf = fc.oneof(
  fc.bigInt().map((n) => n as unknown),
  fc.constant(() => 1),
  fc.string().map((s) => Symbol(s)),
);
function cyclic(): unknown {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}
const unsafe = fc.oneof(
  unsafeLeaf,
  fc.constant(null).map(cyclic),
  fc.tuple(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.string(), unsafeLeaf).map(([o, k, bad]) => ({ ...o, [k]: bad })),
  fc.tuple(fc.array(fc.jsonValue(), { maxLength: 4 }), unsafeLeaf, fc.nat()).map(([a, bad, at]) => {
    const copy: unknown[] = [...a];
    copy.splice(at % (copy.length + 1), 0, bad);
    return copy;
  }),
);

describe("the JSON codec (property)", () => {
  it("decode(encode(v)) equals v for every JSON-safe value", () => {
    holds(
      fc.property(jsonSafe, (value) => {
        expect(jsonCodec.decode(jsonCodec.encode(value))).toStrictEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it("every JSON-safe value survives set, release and a later load", async () => {
    const { manager } = await mapManager();
    await holdsAsync(
      fc.asyncProperty(jsonSafe, async (value) => {
        const session = manager.create();
        session.set("v", value);
        await session.release();
        const again = await manager.load(session.id);
        expect(again?.get("v")).toStrictEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it("set() refuses functions, symbols, BigInt and cycles anywhere in a value with ENCODE_FAILED", async () => {
    const { manager } = await mapManager();
    await holdsAsync(
      fc.asyncProperty(unsafe, async (value) => {
        const session = manager.create();
        let error: unknown;
        try {
          session.set("v", value);
        } catch (err) {
          error = err;
        }
        expect(isSessError(error, SessErrorCode.ENCODE_FAILED)).toBe(true);
        // The refused value left nothing behind.
        expect(session.has("v")).toBe(false);
        await session.release();
      }),
      { numRuns: 300 },
    );
  });
});
