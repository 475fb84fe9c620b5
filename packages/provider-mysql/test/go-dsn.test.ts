import { isSessError } from "@sess/core";
import { describe, expect, it } from "vitest";
import { parseGoDsn, parseMysqlUrl } from "../src/index.js";

function configErrorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    expect(isSessError(err, "INVALID_CONFIG")).toBe(true);
    return err as Error;
  }
  throw new Error("expected INVALID_CONFIG");
}

describe("parseGoDsn", () => {
  it("reads user:password@tcp(host:port)/dbname", () => {
    expect(parseGoDsn("user:pa:ss@tcp(db.example:3307)/app").target).toEqual({
      user: "user", password: "pa:ss", host: "db.example", port: 3307, database: "app",
    });
  });

  it("gives tcp(host) the default port 3306", () => {
    expect(parseGoDsn("u@tcp(db.example)/app").target).toMatchObject({ host: "db.example", port: 3306 });
  });

  it("reads IPv6 addresses with and without a port", () => {
    expect(parseGoDsn("u@tcp([::1]:3310)/app").target).toMatchObject({ host: "::1", port: 3310 });
    expect(parseGoDsn("u@tcp6([fe80::1])/app").target).toMatchObject({ host: "fe80::1", port: 3306 });
    expect(parseGoDsn("u@tcp(::1)/app").target).toMatchObject({ host: "::1", port: 3306 });
  });

  it("reads unix(/path.sock) as a socket path", () => {
    expect(parseGoDsn("root@unix(/run/mysqld/mysqld.sock)/app").target).toEqual({
      user: "root", socketPath: "/run/mysqld/mysqld.sock", database: "app",
    });
  });

  it("reads an empty address and no credentials as 127.0.0.1:3306", () => {
    expect(parseGoDsn("@/app").target).toEqual({ user: "", host: "127.0.0.1", port: 3306, database: "app" });
    expect(parseGoDsn("/app").target).toEqual({ host: "127.0.0.1", port: 3306, database: "app" });
    expect(parseGoDsn("root:@tcp()/").target).toEqual({ user: "root", password: "", host: "127.0.0.1", port: 3306 });
  });

  it("takes the password as written, with @ / : and % in it (Go does not unescape it)", () => {
    expect(parseGoDsn("u:p@ss/w:rd%41@tcp(h:1)/db").target).toMatchObject({ user: "u", password: "p@ss/w:rd%41", database: "db" });
  });

  it("percent-decodes the database name and parameter values", () => {
    const { target, settings } = parseGoDsn("u@tcp(h)/my%20db?table=sess%5Fx&timeout=1%2E5s");
    expect(target.database).toBe("my db");
    expect(settings).toMatchObject({ table: "sess_x", connectTimeoutMs: 1500 });
  });

  it("maps timeout, readTimeout, writeTimeout and tls", () => {
    expect(parseGoDsn("u@/db?timeout=2s&readTimeout=1m30s&writeTimeout=500ms&tls=skip-verify").settings).toEqual({
      connectTimeoutMs: 2000, ioTimeoutMs: 90_000, tls: { rejectUnauthorized: false },
    });
    expect(parseGoDsn("u@/db?tls=true").settings.tls).toEqual({ rejectUnauthorized: true });
    expect(parseGoDsn("u@/db?tls=false").settings.tls).toBe(false);
  });

  it("accepts the common Go parameters that change nothing here (charset, parseTime, loc)", () => {
    expect(parseGoDsn("u@/db?charset=utf8&parseTime=True&loc=Local&collation=utf8mb4_bin").settings).toEqual({});
  });

  it("reads sess's own parameters", () => {
    expect(parseGoDsn("u@/db?table=t1&createTable=false&queryTimeoutMs=250&connectionLimit=3&queueLimit=0&gcBatchSize=50").settings).toEqual({
      table: "t1", createTable: false, queryTimeoutMs: 250, connectionLimit: 3, queueLimit: 0, gcBatchSize: 50,
    });
  });

  it("rejects a DSN without the slash before the database name", () => {
    expect(configErrorOf(() => parseGoDsn("user:hunter2@tcp(h:1)")).message).toMatch(/missing the "\/"/);
  });

  it("rejects an address without its closing parenthesis", () => {
    expect(configErrorOf(() => parseGoDsn("user:hunter2@tcp(h:1/db")).message).toMatch(/not closed/);
  });

  it("rejects an unescaped slash in a parameter value", () => {
    expect(configErrorOf(() => parseGoDsn("user:hunter2@tcp(h:1)/db?loc=Europe/Paris")).message).toMatch(/%2F/);
  });

  it("rejects an unknown protocol, a bad port, a bad duration and a bad tls value", () => {
    expect(configErrorOf(() => parseGoDsn("user:hunter2@udp(h:1)/db")).message).toMatch(/protocol/);
    expect(configErrorOf(() => parseGoDsn("user:hunter2@tcp(h:99999)/db")).message).toMatch(/port/);
    expect(configErrorOf(() => parseGoDsn("user:hunter2@tcp(h)/db?timeout=5")).message).toMatch(/"timeout".*Go duration/);
    expect(configErrorOf(() => parseGoDsn("user:hunter2@tcp(h)/db?tls=custom")).message).toMatch(/"tls"/);
  });

  it("rejects parameters go-sql-driver would send as system variables, naming the parameter", () => {
    expect(configErrorOf(() => parseGoDsn("user:hunter2@tcp(h)/db?sql_mode=ANSI")).message).toMatch(/"sql_mode" is not supported/);
  });

  it("rejects a malformed percent-escape", () => {
    expect(configErrorOf(() => parseGoDsn("user:hunter2@tcp(h)/d%zzb")).message).toMatch(/database name/);
  });

  it("never echoes the password in an error", () => {
    const bad = [
      "user:hunter2@tcp(h:1)",
      "user:hunter2@tcp(h:1/db",
      "user:hunter2@tcp(h:0)/db",
      "user:hunter2@bogus(h)/db",
      "user:hunter2@tcp(h)/db?timeout=hunter2",
      "user:hunter2@tcp(h)/db?bogus=1",
      "user:hunter2@tcp(h)/db%?x=1",
    ];
    for (const dsn of bad) expect(configErrorOf(() => parseGoDsn(dsn)).message).not.toContain("hunter2");
  });
});

describe("parseMysqlUrl", () => {
  it("reads mysql://user:password@host:port/dbname and decodes escapes", () => {
    expect(parseMysqlUrl("mysql://us%40er:p%40ss%2Fw@db.example:3307/my%20db?table=t2").target).toEqual({
      user: "us@er", password: "p@ss/w", host: "db.example", port: 3307, database: "my db",
    });
  });

  it("defaults the port and reads IPv6 hosts", () => {
    expect(parseMysqlUrl("mysql://root@[::1]/test").target).toMatchObject({ host: "::1", port: 3306 });
    expect(parseMysqlUrl("mariadb://root@localhost/test").target).toMatchObject({ host: "localhost", port: 3306 });
  });

  it("reads the same parameters as the DSN", () => {
    expect(parseMysqlUrl("mysql://root@h/test?timeout=1s&table=t3&tls=true").settings).toEqual({
      connectTimeoutMs: 1000, table: "t3", tls: { rejectUnauthorized: true },
    });
  });

  it("rejects an unparsable URL or a nested path without echoing the password", () => {
    expect(configErrorOf(() => parseMysqlUrl("mysql://root:hunter2@h:port/db")).message).not.toContain("hunter2");
    expect(configErrorOf(() => parseMysqlUrl("mysql://root:hunter2@h/db/x")).message).toMatch(/dbname/);
  });
});
