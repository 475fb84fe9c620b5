import { defineConfig } from "vitest/config";

// Nothing to start: a sealed session lives in its cookie. The HTTP tests run real
// node:http and Express servers on loopback ports.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
