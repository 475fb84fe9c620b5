import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

describe("the README's adapter example", () => {
  it("shows example/node-fetch-adapter.ts, its harness and its test exactly as they are in the package", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    for (const file of ["node-fetch-adapter.ts", "node-fetch-harness.ts", "node-fetch-adapter.test.ts"]) {
      const source = await readFile(new URL(`../../example/${file}`, import.meta.url), "utf8");
      expect(readme, `README.md does not show example/${file} as it is`).toContain("```ts\n" + source.trimEnd() + "\n```");
    }
  });
});
