import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessErrorCode, newManager } from "@sess/core";
import "../src/index.js";
import { adminPool, mysqlUrl } from "./support.js";

// A user of its own with a known password, on the real server; dropped afterwards.
const user = `sess_auth_${randomBytes(5).toString("hex")}`;
const admin = adminPool();

beforeAll(async () => {
  await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'the-right-one'`);
  await admin.query(`CREATE USER '${user}'@'localhost' IDENTIFIED BY 'the-right-one'`);
});
afterAll(async () => {
  await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
  await admin.query(`DROP USER IF EXISTS '${user}'@'localhost'`);
  await admin.end();
});

describe("a wrong password", () => {
  it("newManager rejects INVALID_CONFIG saying authentication failed, not STORE_UNAVAILABLE, and never quotes the password", async () => {
    const url = new URL(mysqlUrl());
    url.username = user;
    url.password = "a-wrong-password";
    const err: unknown = await newManager("mysql", "sid", 60, url.toString()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: SessErrorCode.INVALID_CONFIG,
      message: expect.stringMatching(/^\[sess\] \[mysql\] authentication failed: the server refused the user name or password in the DSN or URL \(Access denied for user/) as unknown,
      cause: { errno: 1045 },
    });
    expect((err as Error).message).not.toContain("a-wrong-password");
  });
});
