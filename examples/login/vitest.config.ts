import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Prints, after the run, that the browser suite did not run (when it did not).
    globalSetup: ["./test/browser-banner.ts"],
  },
});
