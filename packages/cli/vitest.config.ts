import { defineConfig } from "vitest/config";

// The global setup starts Redis only when SESS_TEST_REDIS_URL is unset; MySQL and PostgreSQL from their variables too.
process.env.SESS_TEST_SERVICES ??= "redis,mysql,postgres";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sess/conformance/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
