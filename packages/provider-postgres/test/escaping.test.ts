import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresProvider } from "../src/index.js";
import { escapeText, unescapeText } from "../src/text-escape.js";
import { Fixture, change, later, randomKey } from "./support.js";

const fx = new Fixture();
let p: PostgresProvider;
beforeAll(async () => {
  p = await fx.provider();
});
afterAll(() => fx.cleanup());

// Strings PostgreSQL text cannot hold (NUL, lone surrogates), the escape character itself and
// text that looks like an escape, plus SQL and JSON that must stay data.
const HOSTILE = [
  "\u0000",
  "a\u0000b",
  "\u0001",
  "\u00010000",
  "\u0001zzzz",
  "\\u0000",
  "\ud800",
  "x\udfffy",
  "😀",
  "'",
  '"',
  "\\",
  `'; DROP TABLE "${fx.schema}".sessions; --`,
  '{"json":true}',
  "{a,b}",
  "NULL",
  "$1",
  "__proto__",
  "",
];

describe("text PostgreSQL cannot store as it is", () => {
  it("escapeText leaves ordinary strings alone and unescapeText inverts it for every hostile string", () => {
    expect(escapeText("plain ü 😀")).toBe("plain ü 😀");
    for (const text of HOSTILE) {
      expect(escapeText(text).includes("\u0000")).toBe(false);
      expect(unescapeText(escapeText(text))).toBe(text);
    }
  });

  it("hostile data keys and values round-trip, and deleting them by name works", async () => {
    const key = randomKey();
    const data = Object.fromEntries(HOSTILE.map((text, i) => [text, `${i}:${text}`]));
    await p.write(key, change(data, { isNew: true }), later());
    expect((await p.read(key))!.data).toEqual(data);
    const deleted = HOSTILE.filter((_, i) => i % 2 === 0);
    await p.write(key, change({}, { deleted }), later());
    for (const text of deleted) delete data[text];
    expect((await p.read(key))!.data).toEqual(data);
    const { rows } = await fx.admin.query<{ n: string }>(`SELECT count(*) AS n FROM "${fx.schema}".sessions`);
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
  });
});
