import { defineConfig } from "vitest/config";

// The global setup starts a PostgreSQL server only when SESS_TEST_POSTGRES_URL is unset; this
// package needs no Redis or MySQL. The server is shared with other packages' tests on a small
// machine: generous, bounded timeouts.
process.env.SESS_TEST_SERVICES ??= "postgres";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sess/conformance/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
  },
});
