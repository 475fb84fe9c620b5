import { defineConfig } from "vitest/config";

// Redis and PostgreSQL for the Bun and Deno rows: SESS_TEST_*_URL, else the services global setup starts them.
process.env.SESS_TEST_SERVICES ??= "redis,postgres";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sess/conformance/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
