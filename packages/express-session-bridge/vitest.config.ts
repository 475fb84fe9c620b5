import { defineConfig } from "vitest/config";

// Redis, MySQL and PostgreSQL from SESS_TEST_*_URL, else started by the conformance global setup.
process.env.SESS_TEST_SERVICES ??= "redis,mysql,postgres";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The second prints, after the run, that the browser suite did not run (when it did not).
    globalSetup: ["@sess/conformance/global-setup", "./test/support/browser-banner.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
  },
});
