import { spawn } from "node:child_process";
import { createPostgresTestDatabase, deleteKeysWithPrefix, postgresUrl, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { describe, expect, it } from "vitest";
import type { AppConfig } from "../app/managers.ts";

// The whole provider conformance suite (outage group included) for Redis and PostgreSQL, run by
// Bun's and Deno's own test runners (conformance/*.test.mjs) against this machine's servers.
// A runner that cannot start, or any failing case, fails here with the runner's output.

const bin = (name: string) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

const RUNNERS = {
  bun: { args: ["test", "./conformance/bun.test.mjs"], counts: /(\d+) pass[\s\S]*?(\d+) fail/ },
  deno: { args: ["test", "--no-check", "--allow-net", "--allow-env", "--allow-read", "conformance/deno.test.mjs"], counts: /(\d+) passed \| (\d+) failed/ },
} as const;

function run(command: string, args: readonly string[], config: AppConfig): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: new URL("..", import.meta.url), env: { ...process.env, NO_COLOR: "1", ...config } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

async function withStore(provider: "redis" | "postgres", body: (config: AppConfig) => Promise<void>): Promise<void> {
  if (provider === "redis") {
    const url = redisUrl();
    const prefix = uniquePrefix();
    try {
      await body({ SESS_RT_PROVIDER: "redis", SESS_RT_STORE_URL: url, SESS_RT_NAMESPACE: prefix });
    } finally {
      await deleteKeysWithPrefix(prefix, url);
    }
    return;
  }
  const database = await createPostgresTestDatabase(postgresUrl());
  try {
    await body({ SESS_RT_PROVIDER: "postgres", SESS_RT_STORE_URL: database.url });
  } finally {
    await database.drop();
  }
}

for (const runtime of ["bun", "deno"] as const) {
  describe(`${runtime}'s test runner`, () => {
    for (const provider of ["redis", "postgres"] as const) {
      it(`passes the provider conformance suite for ${provider}`, { timeout: 180_000 }, async () => {
        await withStore(provider, async (config) => {
          const { code, output } = await run(bin(runtime), RUNNERS[runtime].args, config);
          const counts = RUNNERS[runtime].counts.exec(output);
          expect(counts, output).not.toBeNull();
          expect({ code, failed: Number(counts![2]) }, output).toEqual({ code: 0, failed: 0 });
          // The suite has well over 100 cases; a runner that registered none must not pass.
          expect(Number(counts![1]), output).toBeGreaterThan(100);
        });
      });
    }
  });
}
