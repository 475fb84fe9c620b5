import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "example/**/*.test.ts"],
    // Starts Redis/MySQL with Testcontainers only when SESS_TEST_*_URL is unset (SERVICES.md).
    globalSetup: ["./src/services/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
