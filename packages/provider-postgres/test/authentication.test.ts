import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SessErrorCode, newManager } from "@sess/core";
import "../src/index.js";
import { postgresUrl } from "./support.js";

// The test servers trust local logins (no password check), so the refusal tested on the real
// server is a role that does not exist: SQLSTATE 28000, the class a wrong password (28P01) shares.
describe("a login the server refuses", () => {
  it("newManager rejects INVALID_CONFIG saying authentication failed, not STORE_UNAVAILABLE, and never quotes the password", async () => {
    const url = new URL(postgresUrl());
    url.username = `sess_no_such_role_${randomBytes(5).toString("hex")}`;
    url.password = "a-wrong-password";
    const err: unknown = await newManager("postgres", "sid", 60, url.toString()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: SessErrorCode.INVALID_CONFIG,
      message: expect.stringMatching(/^\[sess\] \[postgres\] authentication failed: the server refused the user or password of the connection \(/) as unknown,
      cause: { code: expect.stringMatching(/^28/) as unknown },
    });
    expect((err as Error).message).not.toContain("a-wrong-password");
  });
});
