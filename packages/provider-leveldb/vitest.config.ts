import { defineConfig } from "vitest/config";

// Kill -9 and second-process tests fork Node children on a shared 2-core machine: generous, bounded timeouts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
