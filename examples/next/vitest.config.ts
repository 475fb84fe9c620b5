import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Prints, after the run, that the browser suite did not run (when it did not).
    globalSetup: ["./test/browser-banner.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
