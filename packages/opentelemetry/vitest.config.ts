import { defineConfig } from "vitest/config";

// The global setup starts Redis only when SESS_TEST_REDIS_URL is unset; the store-span tests need it.
process.env.SESS_TEST_SERVICES ??= "redis";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sess/conformance/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
