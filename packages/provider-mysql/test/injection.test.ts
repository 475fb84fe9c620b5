import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RowDataPacket } from "mysql2/promise";
import type { MysqlProvider } from "../src/index.js";
import { Fixture, change, later, randomKey } from "./support.js";

const fx = new Fixture();
let p: MysqlProvider;
beforeAll(async () => {
  p = await fx.provider();
});
afterAll(() => fx.cleanup());

const HOSTILE = [
  "'",
  '"',
  "\\",
  "\\'",
  "'; DROP TABLE x; --",
  `'; DROP TABLE ${fx.table}; --`,
  "a\u0000b",
  "\u0000",
  "😀🎉",
  "𝔘𝔫𝔦",
  "$.a",
  "$",
  "a.b",
  "*",
  "[0]",
  "__proto__",
  "constructor",
  " spaced key ",
  "line\nbreak\r\ttab",
  "\\u0000",
  '{"json":true}',
  "null",
  "%s%n",
  "\u2028\u2029",
  "é".normalize("NFD"),
];

describe("hostile data keys and values", () => {
  it("write(key, change) round-trips hostile keys and values exactly, and the table survives", async () => {
    const key = randomKey();
    const set: Record<string, string> = Object.create(null);
    HOSTILE.forEach((k, i) => (set[k] = HOSTILE[(i + 7) % HOSTILE.length]!));
    expect(await p.write(key, change(set, { isNew: true }), later())).toBe(true);
    const got = await p.read(key);
    expect(Object.keys(got!.data).sort()).toEqual(Object.keys(set).sort());
    for (const k of HOSTILE) expect(got!.data[k]).toBe(set[k]);
    const [rows] = await fx.admin.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${fx.table}\``);
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
  });

  it("write(key, change) deletes and overwrites hostile keys one by one", async () => {
    const key = randomKey();
    const set: Record<string, string> = Object.create(null);
    for (const k of HOSTILE) set[k] = k;
    await p.write(key, change(set, { isNew: true }), later());
    const half = HOSTILE.filter((_, i) => i % 2 === 0);
    const rewrite: Record<string, string> = Object.create(null);
    for (const k of HOSTILE.filter((_, i) => i % 2 === 1)) rewrite[k] = `${k}!`;
    expect(await p.write(key, change(rewrite, { deleted: half }), later())).toBe(true);
    const got = await p.read(key);
    const expected: Record<string, string> = Object.create(null);
    for (const k of Object.keys(rewrite)) expected[k] = rewrite[k]!;
    expect(got!.data).toEqual(expected);
  });

  it("write(key, change) stores values with large and binary-looking content", async () => {
    const key = randomKey();
    const big = "x'\"\\\u0000😀".repeat(20_000);
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("");
    await p.write(key, change({ big, controls }, { isNew: true }), later());
    const got = await p.read(key);
    expect(got!.data.big).toBe(big);
    expect(got!.data.controls).toBe(controls);
  });

  it("a 256-unit data key of 4-byte characters round-trips", async () => {
    const key = randomKey();
    const name = "😀".repeat(128);
    await p.write(key, change({ [name]: "v" }, { isNew: true }), later());
    expect((await p.read(key))!.data[name]).toBe("v");
  });
});
