import { defineConfig } from "vitest/config";

// The container path of the service helpers (.ci/containers.sh): only the
// service tests, with the global setup that starts Redis and MySQL through
// Testcontainers for every SESS_TEST_*_URL that is unset.
export default defineConfig({
  test: {
    include: ["test/services/**/*.test.ts"],
    globalSetup: ["./src/services/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
