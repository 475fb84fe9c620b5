// Finds the TypeScript/JavaScript fenced code blocks of a Markdown file, with the line
// each one's code starts on, so errors can be reported as README.md:<line>.

/** Fence languages that are checked, and the file extension each is checked as. */
export const LANGUAGES = { ts: ".ts", typescript: ".ts", tsx: ".tsx", js: ".mjs", javascript: ".mjs", mjs: ".mjs" };

/**
 * The checked code blocks of `markdown`: `{ lang, ext, line, code }`, where `line` is the
 * 1-based line of the block's first code line. Blocks in other languages are ignored.
 */
export function extractBlocks(markdown) {
  const lines = markdown.split("\n");
  const blocks = [];
  let open; // { fence, lang, line, code: [] } while inside a fence
  lines.forEach((text, index) => {
    if (open === undefined) {
      const start = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
      if (start) open = { fence: start[2], lang: start[3].toLowerCase(), line: index + 2, code: [] };
      return;
    }
    if (text.trim().startsWith(open.fence) && text.trim().replace(/[`~]/g, "") === "") {
      const ext = LANGUAGES[open.lang];
      if (ext !== undefined) blocks.push({ lang: open.lang, ext, line: open.line, code: open.code.join("\n") });
      open = undefined;
      return;
    }
    open.code.push(text);
  });
  return blocks;
}
