import { defineConfig } from "vitest/config";

// MariaDB is shared with other packages' tests on a 2-core machine: generous, bounded timeouts.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
