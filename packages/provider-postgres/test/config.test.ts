import { isSessError } from "@sess/core";
import { describe, expect, it } from "vitest";
import { parsePostgresUrl, postgresProvider } from "../src/index.js";

async function invalid(config: unknown): Promise<Error> {
  const err = await postgresProvider(config as string).then(
    () => new Error("expected INVALID_CONFIG"),
    (e: unknown) => e as Error,
  );
  expect(isSessError(err, "INVALID_CONFIG")).toBe(true);
  return err;
}

describe("parsePostgresUrl", () => {
  it("takes sess's parameters out and leaves libpq's to pg", () => {
    const { connectionString, settings } = parsePostgresUrl(
      "postgresql://app:s%40cret@db.example:5433/app?sslmode=require&schema=web&table=sess_x&createTable=false&queryTimeoutMs=2500&max=3&gcBatchSize=50&application_name=shop",
    );
    expect(settings).toEqual({ schema: "web", table: "sess_x", createTable: false, queryTimeoutMs: 2500, max: 3, gcBatchSize: 50 });
    expect(connectionString).toBe("postgresql://app:s%40cret@db.example:5433/app?sslmode=require&application_name=shop");
  });

  it("accepts postgres:// and a URL without parameters as it is", () => {
    expect(parsePostgresUrl("postgres://u@h/db")).toEqual({ connectionString: "postgres://u@h/db", settings: {} });
  });

  it("refuses other schemes, bad numbers, bad booleans and repeated parameters", () => {
    for (const bad of ["mysql://u@h/db", "u@h/db", "postgres://u@h/db?max=-1", "postgres://u@h/db?createTable=yes", "postgres://u@h/db?table=a&table=b"]) {
      expect(() => parsePostgresUrl(bad)).toThrow(/INVALID_CONFIG|\[sess\] \[postgres\]/);
    }
  });
});

describe("postgresProvider config", () => {
  it("refuses configs that are not a URL or an options object", async () => {
    for (const bad of [undefined, null, 42, [], "", "   "]) await invalid(bad);
  });

  it("refuses unknown options, bad identifiers and bad numbers before connecting", async () => {
    await invalid({ url: "postgres://u@127.0.0.1:1/db", tabel: "x" });
    for (const table of ["", "1abc", "a-b", 'a"b', "a b", "x".repeat(49), "sess; DROP TABLE x"]) await invalid({ url: "postgres://u@127.0.0.1:1/db", table });
    for (const schema of ["", "public.x", '"s"', "x".repeat(64)]) await invalid({ url: "postgres://u@127.0.0.1:1/db", schema });
    for (const queryTimeoutMs of [0, -1, 1.5, "5"]) await invalid({ url: "postgres://u@127.0.0.1:1/db", queryTimeoutMs });
    await invalid({ url: "postgres://u@127.0.0.1:1/db", createTable: "no" });
    await invalid({ url: "postgres://u@127.0.0.1:1/db", now: 5 });
    await invalid({ schema: "public" });
  });

  it("refuses a pool combined with url, connection or max, and a pool that is not a pg Pool", async () => {
    const pool = { connect: () => Promise.reject(new Error("unused")) };
    await invalid({ pool, url: "postgres://u@h/db" });
    await invalid({ pool, max: 2 });
    await invalid({ pool: {} });
  });

  it("never quotes the password in an error", async () => {
    const err = await invalid("postgres://user:hunter2@127.0.0.1:1/db?table=bad-name");
    expect(String(err)).not.toContain("hunter2");
    const err2 = await invalid("postgres://user:hunter2@[bad/db");
    expect(String(err2)).not.toContain("hunter2");
  });
});
