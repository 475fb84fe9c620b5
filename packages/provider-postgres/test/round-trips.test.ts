import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresProvider } from "../src/index.js";
import { StatementCounter } from "./statement-counter.js";
import { Fixture, change, later, postgresUrl, randomKey } from "./support.js";

const fx = new Fixture();
let counter: StatementCounter;
let p: PostgresProvider;
beforeAll(async () => {
  const server = new URL(postgresUrl());
  counter = new StatementCounter({ host: server.hostname, port: Number(server.port || 5432) });
  const url = new URL(server);
  url.hostname = "127.0.0.1";
  url.port = String(await counter.start());
  p = await fx.provider({ url: url.toString(), max: 1 });
});
afterAll(async () => {
  await fx.cleanup();
  await counter.close();
});

/** Statements and round trips one call costs, counted on the wire. */
async function cost(call: () => Promise<unknown>): Promise<{ statements: number; syncs: number }> {
  counter.reset();
  await call();
  return { statements: counter.statements, syncs: counter.syncs };
}

describe("statements per call, counted on the wire", () => {
  const key = randomKey();
  const one = { statements: 1, syncs: 1 };

  it("write(key, new change) is one statement", async () => {
    expect(await cost(() => p.write(key, change({ a: "1" }, { isNew: true }), later()))).toEqual(one);
  });

  it("read(key) is one statement, also when repeated (a request that only reads costs one query)", async () => {
    for (let i = 0; i < 3; i++) expect(await cost(() => p.read(key))).toEqual(one);
  });

  it("write(key, change) with sets and deletes is one statement", async () => {
    expect(await cost(() => p.write(key, change({ b: "2" }, { deleted: ["a"] }), later()))).toEqual(one);
    expect(await cost(() => p.write(key, change({ c: "3" }), later()))).toEqual(one);
  });

  it("exists, touch, regenerate, destroy and count are one statement each", async () => {
    expect(await cost(() => p.exists(key))).toEqual(one);
    expect(await cost(() => p.touch(key, later()))).toEqual(one);
    const moved = randomKey();
    expect(await cost(() => p.regenerate(key, moved))).toEqual(one);
    expect(await cost(() => p.count())).toEqual(one);
    expect(await cost(() => p.destroy(moved))).toEqual(one);
  });

  it("counts what it claims: a call that reaches no server costs nothing", async () => {
    expect(await cost(() => p.read("not a key").catch(() => null))).toEqual({ statements: 0, syncs: 0 });
  });
});
