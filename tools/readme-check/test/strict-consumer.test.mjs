// A user's strict project (the strictest `tsc --init` settings, skipLibCheck false) that
// installed only @sess/core and @sess/provider-postgres, with what those declare as
// dependencies, and not @types/pg itself: the plain newManager example must compile. The
// packages are copied out of the workspace (package.json + dist), so nothing resolves
// through a workspace package's devDependencies, as nothing does after `npm i`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { strictCompilerOptions } from "../strict-options.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Copies a workspace package's published files and links what it declares as dependencies. */
function install(modules, pkgDir) {
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const target = join(modules, manifest.name);
  mkdirSync(target, { recursive: true });
  cpSync(join(pkgDir, "package.json"), join(target, "package.json"));
  cpSync(join(pkgDir, "dist"), join(target, "dist"), { recursive: true });
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    const link = join(modules, dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(pkgDir, "node_modules", dep)), link);
  }
}

test("a strict project without skipLibCheck and without @types/pg compiles the provider-postgres newManager example", () => {
  const dir = mkdtempSync(join(tmpdir(), "sess-strict-consumer-"));
  try {
    const modules = join(dir, "node_modules");
    install(modules, join(root, "packages/core"));
    install(modules, join(root, "packages/provider-postgres"));
    mkdirSync(join(modules, "@types"), { recursive: true });
    symlinkSync(realpathSync(join(root, "node_modules/@types/node")), join(modules, "@types/node"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(dir, "server.ts"),
      [
        'import { newManager } from "@sess/core";',
        'import "@sess/provider-postgres";',
        'const sessions = await newManager("postgres", "sid", 3600, "postgres://postgres@127.0.0.1:5432/app");',
        "await sessions.close();",
        "export {};",
      ].join("\n"),
    );
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...strictCompilerOptions, noEmit: true }, files: ["server.ts"] }));
    let output = "";
    try {
      execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", dir, "--pretty", "false"], { encoding: "utf8" });
    } catch (error) {
      output = `${error.stdout ?? ""}${error.stderr ?? ""}`;
    }
    assert.equal(output, "", `tsc failed in a strict project without @types/pg:\n${output}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
