import { defineConfig } from "vitest/config";

// The login test also runs against Redis: SESS_TEST_REDIS_URL, else the services global setup starts one.
process.env.SESS_TEST_SERVICES ??= "redis";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sess/conformance/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
