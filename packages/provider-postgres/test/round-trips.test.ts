import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresProvider } from "../src/index.js";
import { StatementCounter } from "./statement-counter.js";
import { Fixture, change, later, postgresUrl, randomKey } from "./support.js";

const fx = new Fixture();
let counter: StatementCounter;
let p: PostgresProvider;
let counterPort: number;
beforeAll(async () => {
  const server = new URL(postgresUrl());
  counter = new StatementCounter({ host: server.hostname, port: Number(server.port || 5432) });
  const url = new URL(server);
  url.hostname = "127.0.0.1";
  counterPort = await counter.start();
  url.port = String(counterPort);
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

  it("with pgbouncer: true every statement is unnamed (nothing a transaction-mode pooler could lose), still one round trip", async () => {
    const url = new URL(postgresUrl());
    url.hostname = "127.0.0.1";
    url.port = String(counterPort);
    url.searchParams.set("pgbouncer", "true");
    const bouncer = await fx.provider({ url: url.toString(), max: 1, table: "bouncer" });
    const k = randomKey();
    expect(await cost(() => bouncer.write(k, change({ a: "1" }, { isNew: true }), later()))).toEqual(one);
    for (let i = 0; i < 2; i++) {
      expect(await cost(() => bouncer.read(k))).toEqual(one);
      expect(counter.parsed).toEqual([""]);
    }
    counter.reset();
    await p.read(k);
    await p.read(k);
    expect(counter.parsed.every((name) => name.startsWith("sess_"))).toBe(true);
  });

  it("counts what it claims: a call that reaches no server costs nothing", async () => {
    expect(await cost(() => p.read("not a key").catch(() => null))).toEqual({ statements: 0, syncs: 0 });
  });
});
