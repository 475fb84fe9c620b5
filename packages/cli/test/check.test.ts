import { randomBytes } from "node:crypto";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { afterAll, describe, expect, it } from "vitest";
import { estimateBits, secretProblem } from "../src/secret-strength.js";
import { configFile, sess } from "./support/run-cli.js";

const prefix = uniquePrefix();
afterAll(() => deleteKeysWithPrefix(prefix, redisUrl()));
const strong = randomBytes(32).toString("base64url");
const store = { provider: "redis", providerConfig: { url: redisUrl(), prefix } };

describe("sess check", () => {
  it("a production config (strong secret, secure: true) has no problem and exits 0", async () => {
    const run = await sess("check", "--config", configFile({ ...store, secrets: [strong], secure: true }), "--json");
    expect(run.code).toBe(0);
    expect(run.json.ok).toBe(true);
    expect(run.json.findings.map((f: { check: string; level: string }) => `${f.check} ${f.level}`)).toEqual(["secrets ok", "provider ok", "cookie ok"]);
    expect(run.stdout).not.toContain(strong);
  });

  it("a weak secret and secure: false are problems, exit code 1, and the secret is not printed", async () => {
    const weak = "keyboard cat keyboard cat keyboard cat";
    const run = await sess("check", "--config", configFile({ ...store, secrets: [weak], secure: false }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/problem +secrets +secret 1: about \d+ bits/);
    expect(run.stdout).toMatch(/problem +cookie +secure: false/);
    expect(run.stdout).toContain("2 problems");
    expect(run.stdout).not.toContain("keyboard cat");
  });

  it("an unreachable store is a provider problem, exit code 1, with the URL's password hidden", async () => {
    const run = await sess("check", "--config", configFile({ provider: "redis", providerConfig: { url: "redis://:hunter2-password@127.0.0.1:1", connectTimeoutMs: 300, commandTimeoutMs: 300 }, secrets: [strong] }), "--json");
    expect(run.code).toBe(1);
    expect(run.json.findings).toContainEqual({ check: "provider", level: "problem", detail: expect.stringContaining("STORE_UNAVAILABLE") });
    expect(run.stdout + run.stderr).not.toContain("hunter2-password");
  });

  it("an invalid option is an options problem", async () => {
    const run = await sess("check", "--config", configFile({ ...store, secrets: [strong], sameSite: "sometimes" }), "--json");
    expect(run.code).toBe(1);
    expect(run.json.findings).toContainEqual({ check: "options", level: "problem", detail: expect.stringContaining("sameSite") });
  });
});

describe("usage", () => {
  it("no store, both stores, an unknown command or URL scheme: exit code 2 or 1 with a message, never a stack trace", async () => {
    const none = await sess("count");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("give exactly one of --url and --config");
    const unknown = await sess("frobnicate", "--url", redisUrl());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const scheme = await sess("count", "--url", "mongodb://127.0.0.1", "--json");
    expect(scheme.code).toBe(1);
    expect(scheme.json.error.code).toBe("INVALID_CONFIG");
    const list = await sess("sessions", "list", "--url", redisUrl());
    expect(list.code).toBe(2);
    for (const run of [none, unknown, scheme, list]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("secret strength", () => {
  it("random secrets pass, words and patterns do not", () => {
    expect(secretProblem(strong)).toBeUndefined();
    expect(secretProblem("short")).toContain("5 characters");
    expect(secretProblem("a".repeat(64))).toContain("bits");
    expect(secretProblem("abababababababababababababababababab")).toContain("bits");
    expect(estimateBits("my-session-secret-for-the-app-2024!")).toBeLessThan(128);
  });
});
