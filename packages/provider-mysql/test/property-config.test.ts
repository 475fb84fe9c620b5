import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSessError, SessErrorCode } from "@sess/core";
import { resolveConfig } from "../src/config.js";
import { parseGoDsn, parseMysqlUrl } from "../src/index.js";

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

/** Runs `parse` and checks that it returns, or throws INVALID_CONFIG whose message does not contain `password`. */
function parsesOrRefuses(parse: () => unknown, password?: string): void {
  try {
    parse();
  } catch (err) {
    expect(isSessError(err, SessErrorCode.INVALID_CONFIG), `threw ${String(err)}`).toBe(true);
    if (password) expect((err as Error).message).not.toContain(password);
  }
}

// A password no message could contain by accident: long, with a marker.
const password = fc.string({ minLength: 8, maxLength: 16, unit: fc.constantFrom(..."abcdefghijkmnpqrstuvwxyz23456789") }).map((s) => `Pw${s}`);
const piece = fc.oneof(
  fc.constantFrom("", "u", "root", "tcp", "tcp6", "unix", "udp", "(", ")", "[", "]", ":", "@", "/", "?", "&", "=", "%", "%zz", "%2F", "::1", "h", "3306", "99999", "-1"),
  fc.constantFrom("timeout", "readTimeout", "writeTimeout", "tls", "table", "charset", "loc", "parseTime", "1s", "xx", "true", "skip-verify", "1m30s", "9999999999h"),
  fc.string({ maxLength: 6 }),
);
const noise = fc.array(piece, { maxLength: 4 }).map((p) => p.join(""));
/** A Go DSN shape with random parts, and then a random cut, insertion or deletion somewhere. */
const goDsn = fc
  .tuple(noise, password, fc.constantFrom("tcp", "tcp4", "tcp6", "unix", "", "x"), noise, noise, fc.array(fc.tuple(piece, piece), { maxLength: 3 }), fc.nat(), fc.nat({ max: 3 }), noise)
  .map(([user, pw, net, address, db, params, at, edit, extra]) => {
    const query = params.length ? `?${params.map(([k, v]) => `${k}=${v}`).join("&")}` : "";
    const dsn = `${user}:${pw}@${net}(${address})/${db}${query}`;
    const i = at % (dsn.length + 1);
    const text = edit === 0 ? dsn : edit === 1 ? dsn.slice(0, i) + extra + dsn.slice(i) : edit === 2 ? dsn.slice(0, i) + dsn.slice(i + 1) : dsn.slice(0, i);
    return { text, pw };
  });
const mysqlUrl = fc
  .tuple(fc.constantFrom("mysql://", "mariadb://", "MYSQL://"), noise, password, noise, noise, noise, fc.array(fc.tuple(piece, piece), { maxLength: 3 }), fc.nat(), fc.nat({ max: 3 }), noise)
  .map(([scheme, user, pw, host, port, db, params, at, edit, extra]) => {
    const query = params.length ? `?${params.map(([k, v]) => `${k}=${v}`).join("&")}` : "";
    const url = `${scheme}${user}:${pw}@${host}:${port}/${db}${query}`;
    const i = scheme.length + (at % (url.length - scheme.length + 1));
    const text = edit === 0 ? url : edit === 1 ? url.slice(0, i) + extra + url.slice(i) : edit === 2 ? url.slice(0, i) + url.slice(i + 1) : url.slice(0, i);
    return { text, pw };
  });

describe("provider-mysql config parsers (property)", () => {
  it("parseGoDsn never throws anything but INVALID_CONFIG, on any text", () => {
    holds(fc.property(fc.string({ maxLength: 200 }), (text) => parsesOrRefuses(() => parseGoDsn(text))));
  });

  it("parseGoDsn never quotes the password of a DSN it refuses", () => {
    holds(fc.property(goDsn, ({ text, pw }) => parsesOrRefuses(() => parseGoDsn(text), pw)), 3000);
  });

  it("parseMysqlUrl never throws anything but INVALID_CONFIG and never quotes the password", () => {
    holds(fc.property(fc.string({ maxLength: 200 }).map((s) => `mysql://${s}`), (text) => parsesOrRefuses(() => parseMysqlUrl(text))));
    holds(fc.property(mysqlUrl, ({ text, pw }) => parsesOrRefuses(() => parseMysqlUrl(text), pw)), 3000);
  });

  it("resolveConfig refuses any other value or options object with INVALID_CONFIG, without quoting a password", () => {
    const value = fc.oneof(fc.anything(), goDsn.map((d) => d.text), mysqlUrl.map((u) => u.text));
    const options = fc.record(
      { url: mysqlUrl.map((u) => u.text), dsn: goDsn.map((d) => d.text), table: fc.string(), password: password, host: fc.string(), port: fc.anything(), tls: fc.anything() },
      { requiredKeys: [] },
    );
    holds(fc.property(value, (config) => parsesOrRefuses(() => resolveConfig(config))));
    holds(fc.property(options, (config) => parsesOrRefuses(() => resolveConfig(config), config.password)));
  });
});
