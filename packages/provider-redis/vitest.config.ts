import { defineConfig } from "vitest/config";

// The global setup starts a Redis container only when SESS_TEST_REDIS_URL is unset; this
// package needs no MySQL. Cluster and Sentinel tests start their own redis-server processes.
process.env.SESS_TEST_SERVICES ??= "redis";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sess/conformance/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
  },
});
