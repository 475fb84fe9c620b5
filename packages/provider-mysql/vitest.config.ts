import { defineConfig } from "vitest/config";

// The global setup starts a MySQL container only when SESS_TEST_MYSQL_URL is unset; this
// package needs no Redis. MariaDB is shared with other packages' tests on a small machine:
// generous, bounded timeouts.
process.env.SESS_TEST_SERVICES ??= "mysql";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sess/conformance/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
  },
});
