#!/usr/bin/env node
// The publish check of one package, run in its directory (its `check-exports` script):
// packs it with pnpm, as `changeset publish` will (so `workspace:` ranges are resolved),
// then lints the tarball, not the directory: publint --strict, arethetypeswrong with the
// esm-only profile (the packages are ESM-only; Node >= 20.19 can require() them), no
// `workspace:` range left, and every source map's `sources` present in the tarball.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";

const PNPM = ["-y", "pnpm@12.21.0"];
const cwd = process.cwd();
// The linters are the workspace root's devDependencies; a package's own PATH may not have them.
const bin = (tool) => join(dirname(dirname(fileURLToPath(import.meta.url))), "node_modules", ".bin", tool);
const name = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8")).name;
const work = mkdtempSync(join(tmpdir(), "sess-pack-"));
const problems = [];

function run(command, args, options = {}) {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

try {
  run("npx", [...PNPM, "pack", "--pack-destination", work]);
  const tarball = join(work, readdirSync(work).find((file) => file.endsWith(".tgz")));
  for (const [tool, args] of [
    ["publint", ["run", tarball, "--strict"]],
    ["attw", [tarball, "--profile", "esm-only", "--format", "table-flipped"]],
  ]) {
    try {
      run(bin(tool), args);
    } catch (error) {
      problems.push(`${tool} failed: ${error.message}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
  }
  const unpacked = join(work, "unpacked");
  run("mkdir", ["-p", unpacked]);
  run("tar", ["-xzf", tarball, "-C", unpacked]);
  const root = join(unpacked, "package");
  const files = new Set(run("tar", ["-tzf", tarball]).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, "")));
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith("workspace:")) problems.push(`${field}.${dep} is still "${range}" in the tarball`);
    }
  }
  for (const field of ["repository", "homepage", "bugs", "license"]) {
    if (manifest[field] === undefined) problems.push(`package.json has no "${field}" (links on the registry would be dead)`);
  }
  if (!files.has("LICENSE")) problems.push("the tarball has no LICENSE file");
  // A stack trace or go-to-definition must never name a file missing from node_modules.
  for (const file of files) {
    if (!file.endsWith(".map")) continue;
    const map = JSON.parse(readFileSync(join(root, file), "utf8"));
    for (const source of map.sources ?? []) {
      const target = posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? "", source));
      if (!files.has(target)) problems.push(`${file} points at ${target}, which is not in the tarball`);
    }
  }
  if (problems.length > 0) {
    console.error(`[check-package] ${name}: ${problems.length} problem(s) in the packed tarball:\n- ${problems.join("\n- ")}`);
    process.exitCode = 1;
  } else {
    console.log(`[check-package] ${name}: ${files.size} files; publint --strict, attw (esm-only), ranges, maps OK`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
