#!/usr/bin/env node
// Typechecks every TypeScript/JavaScript code block of every README.md in the repository,
// so a snippet cannot rot. Each block becomes a module of its own (top-level await works,
// as in an ESM project) in .blocks/ here, where every @sess package and the clients their
// READMEs use are dependencies. Errors are reported as <README>:<line>:<column>.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { extractBlocks } from "./extract-blocks.mjs";
import { strictCompilerOptions } from "./strict-options.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const readmes = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", "README.md", "**/README.md", "docs/*.md"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter((file) => file !== "" && !file.includes("node_modules/"));

const generatedDirs = new Set();
rmSync(join(here, ".blocks"), { recursive: true, force: true });
const origin = new Map(); // generated file -> { readme, line }
for (const readme of [...new Set(readmes)].sort()) {
  // Every block resolves from here, where every @sess package and the clients their READMEs
  // use are dependencies: what a user who installed them sees. Each README has a directory.
  const target = join(here, ".blocks", readme.replace(/[/.]/g, "_"));
  for (const block of extractBlocks(readFileSync(join(root, readme), "utf8"))) {
    mkdirSync(target, { recursive: true });
    // A block that starts with "// <path>.ts" is saved under that path, so blocks can import
    // each other ("./map-provider.js") as the files they show would.
    const named = /^\/\/ ((?:[\w-]+\/)*[\w.-]+\.(?:ts|mts|tsx|js|mjs))\b/.exec(block.code)?.[1];
    let file = join(target, named ?? `L${block.line}${block.ext}`);
    if (origin.has(file)) file = join(target, `L${block.line}${block.ext}`);
    mkdirSync(dirname(file), { recursive: true });
    // Appended, not prepended, so the block's lines keep their numbers: makes it a module.
    writeFileSync(file, `${block.code}\nexport {};\n`);
    origin.set(file, { readme, line: block.line });
  }
}
generatedDirs.add(join(here, ".blocks"));

// The strictest `tsc --init` defaults with skipLibCheck off (strict-options.mjs): what a new
// user's project checks, the packages' own declaration files included. Blocks that use
// express-session's types (the migration guide, the bridge) are checked in programs of their own:
// express-session and @sess/core/express both declare Express.Request.session, so a program with
// both needs skipLibCheck (TypeScript reports TS2717 inside @types/express-session), as the
// guide tells users during the migration window.
const LEGACY = /from\s+["'](?:express-session|connect-redis|connect-pg-simple|express-mysql-session|session-file-store|memorystore)["']/;
const SESS_EXPRESS = /from\s+["']@sess\/core\/express["']/;
const groups = { main: [], legacy: [], both: [] };
for (const file of origin.keys()) {
  const code = readFileSync(file, "utf8");
  groups[!LEGACY.test(code) ? "main" : SESS_EXPRESS.test(code) ? "both" : "legacy"].push(file);
}

let output = "";
let failed = false;
try {
  for (const [name, files] of Object.entries(groups)) {
    if (files.length === 0) continue;
    const tsconfig = join(here, ".blocks", `tsconfig.${name}.json`);
    mkdirSync(dirname(tsconfig), { recursive: true });
    const options = { ...strictCompilerOptions, noEmit: true, allowJs: true, checkJs: true, ...(name === "both" ? { skipLibCheck: true } : {}) };
    writeFileSync(tsconfig, JSON.stringify({ compilerOptions: options, files }));
    try {
      execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", tsconfig, "--pretty", "false"], { cwd: root, encoding: "utf8" });
    } catch (error) {
      failed = true;
      output += `${error.stdout ?? ""}${error.stderr ?? ""}`;
    }
  }
} finally {
  for (const dir of generatedDirs) rmSync(dir, { recursive: true, force: true });
}

if (!failed) {
  console.log(`[readme-check] ${origin.size} code blocks in ${readmes.length} README files typecheck`);
} else {
  // tsc prints <file>(<line>,<col>): error TSxxxx: message; map the file back to its README.
  const lines = output.split("\n").map((text) => {
    const match = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(text);
    if (!match) return text;
    const source = origin.get(resolve(root, match[1]));
    if (!source) return text;
    return `${source.readme}:${source.line + Number(match[2]) - 1}:${match[3]} ${match[4]}`;
  });
  console.error(`[readme-check] code blocks that do not typecheck (README file:line:column):\n${lines.join("\n").trim()}`);
  console.error(`[readme-check] see ${relative(root, join(here, "README.md"))} for the rules`);
  process.exitCode = 1;
}
