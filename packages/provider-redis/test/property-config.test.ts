import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSessError, SessErrorCode } from "@sess/core";
import { resolveConfig } from "../src/config.js";

// Fixed seed for reproducible CI runs plus a random one each run; SESS_FC_SEED replays a failure.
const SEEDS = process.env.SESS_FC_SEED ? [Number(process.env.SESS_FC_SEED)] : [16_016, (Math.random() * 2 ** 31) | 0];
function holds<T>(property: fc.IProperty<T>, numRuns = 1000): void {
  for (const seed of SEEDS) {
    try {
      fc.assert(property, { seed, numRuns });
    } catch (err) {
      throw new Error(`property failed under seed ${seed}; replay with SESS_FC_SEED=${seed}`, { cause: err });
    }
  }
}

/** Runs resolveConfig and checks that it returns, or throws INVALID_CONFIG whose message does not contain `password`. */
function resolvesOrRefuses(config: unknown, password?: string): void {
  try {
    resolveConfig(config);
  } catch (err) {
    expect(isSessError(err, SessErrorCode.INVALID_CONFIG), `threw ${String(err)}`).toBe(true);
    if (password) expect((err as Error).message).not.toContain(password);
  }
}

// A password no message could contain by accident: long, with a marker.
const password = fc.string({ minLength: 8, maxLength: 16, unit: fc.constantFrom(..."abcdefghijkmnpqrstuvwxyz23456789") }).map((s) => `Pw${s}`);
const piece = fc.oneof(
  fc.constantFrom("", "127.0.0.1", "localhost", "::1", "[::1]", "[", "]", ":", "@", "/", "?", "#", ",", "%", "%zz", "6379", "0", "65536", "-1", "1e3", " ", "100"),
  fc.string({ maxLength: 6 }),
);
const noise = fc.array(piece, { maxLength: 4 }).map((p) => p.join(""));
/** Applies a random insertion, deletion or cut to `text` (or leaves it). */
const edited = (text: string, at: number, edit: number, extra: string, from = 0) => {
  const i = from + (at % (text.length - from + 1));
  return edit === 0 ? text : edit === 1 ? text.slice(0, i) + extra + text.slice(i) : edit === 2 ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i);
};
/** The seed's "host:port,poolSize,password,db" with random fields and edits. */
const seedString = fc
  .tuple(noise, noise, noise, password, fc.array(noise, { maxLength: 2 }), fc.nat(), fc.nat({ max: 3 }), noise)
  .map(([host, port, pool, pw, rest, at, edit, extra]) => ({ text: edited([`${host}:${port}`, pool, pw, ...rest].join(","), at, edit, extra), pw }));
const redisUrl = fc
  .tuple(fc.constantFrom("redis://", "rediss://", "REDIS://"), noise, password, noise, noise, noise, fc.nat(), fc.nat({ max: 3 }), noise)
  .map(([scheme, user, pw, host, port, path, at, edit, extra]) => ({
    text: edited(`${scheme}${user}:${pw}@${host}:${port}/${path}`, at, edit, extra, scheme.length),
    pw,
  }));

describe("provider-redis config parsing (property)", () => {
  it("any text is parsed or refused with INVALID_CONFIG, never another error", () => {
    holds(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }).map((s) => `redis://${s}`)), (text) => resolvesOrRefuses(text)));
  });

  it("a seed config string it refuses is never quoted with its password", () => {
    holds(fc.property(seedString, ({ text, pw }) => resolvesOrRefuses(text, pw)), 3000);
  });

  it("a redis:// URL it refuses is never quoted with its password", () => {
    holds(fc.property(redisUrl, ({ text, pw }) => resolvesOrRefuses(text, pw)), 3000);
  });

  it("any value or options object is accepted or refused with INVALID_CONFIG, without quoting a password", () => {
    const options = fc.record(
      {
        url: redisUrl.map((u) => u.text),
        password,
        host: fc.oneof(fc.string(), fc.anything()),
        port: fc.anything(),
        db: fc.anything(),
        prefix: fc.oneof(fc.string(), fc.anything()),
        sentinels: fc.oneof(fc.array(fc.oneof(noise, fc.anything()), { maxLength: 3 }), fc.anything()),
        name: fc.anything(),
        cluster: fc.oneof(fc.array(noise, { maxLength: 3 }), fc.anything()),
        commandTimeoutMs: fc.anything(),
      },
      { requiredKeys: [] },
    );
    holds(fc.property(fc.anything(), (config) => resolvesOrRefuses(config)));
    holds(fc.property(options, (config) => resolvesOrRefuses(config, config.password)), 2000);
  });
});
