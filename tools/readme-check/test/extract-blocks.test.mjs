import assert from "node:assert/strict";
import { test } from "node:test";
import { extractBlocks } from "../extract-blocks.mjs";

test("extractBlocks() returns ts/js blocks with the line their code starts on, and skips other languages", () => {
  const markdown = ["# t", "", "```ts", "const a = 1;", "```", "```sh", "npm test", "```", "text", "~~~javascript", "x();", "y();", "~~~"].join("\n");
  assert.deepEqual(extractBlocks(markdown), [
    { lang: "ts", ext: ".ts", line: 4, code: "const a = 1;" },
    { lang: "javascript", ext: ".mjs", line: 11, code: "x();\ny();" },
  ]);
});

test("extractBlocks() does not end a block at a shorter or different fence inside it", () => {
  const markdown = ["````ts", "const s = `", "```", "`;", "````"].join("\n");
  assert.deepEqual(extractBlocks(markdown), [{ lang: "ts", ext: ".ts", line: 2, code: "const s = `\n```\n`;" }]);
});
