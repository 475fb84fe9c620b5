import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The option tables of the guide and the README, checked against the option names the code
// and express-session's own declarations really have.
const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const GUIDE = path("../../../docs/MIGRATING-FROM-EXPRESS-SESSION.md");
const README = path("../README.md");
const BRIDGE_OPTIONS = path("../src/options.ts");
const CORE_OPTIONS = path("../../core/src/manager/open-provider.ts");
const EXPRESS_SESSION = createRequire(import.meta.url).resolve("@types/express-session/index.d.ts");

/** The property names (inherited ones included) of each named interface, read by the compiler. */
function interfaceMembers(files: string[], names: string[]): Map<string, Set<string>> {
  const program = ts.createProgram(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const found = new Map<string, Set<string>>();
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) && names.includes(node.name.text) && !found.has(node.name.text)) {
      found.set(node.name.text, new Set(checker.getPropertiesOfType(checker.getTypeAtLocation(node.name)).map((p) => p.name)));
    }
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(program.getSourceFile(file)!);
  return found;
}

/** The rows (cells) of the first table after the heading `heading`. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.trim() === heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("|")) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(line.replace(/\\\|/g, "/").split("|").slice(1, -1).map((cell) => cell.trim()));
  }
  return rows.slice(2); // header and separator
}

/** The identifiers in backticks in a cell (`cookie.maxAge` -> cookie.maxAge), leaving out literals. */
function names(cell: string): string[] {
  return [...cell.matchAll(/`([A-Za-z][\w.]*)`/g)].map((m) => m[1]!).filter((name) => !["true", "false"].includes(name));
}

const members = interfaceMembers([BRIDGE_OPTIONS, CORE_OPTIONS, EXPRESS_SESSION], ["ExpressSessionBridgeOptions", "CreateManagerOptions", "SessionOptions", "CookieOptions"]);

describe("the documented options are the real ones", () => {
  it.each([
    ["the guide", GUIDE, "## Bridge options"],
    ["the README", README, "## Options"],
  ])("%s lists every bridge option, and only those", (_what, file, heading) => {
    const documented = tableAfter(readFileSync(file, "utf8"), heading).map((row) => names(row[0]!)[0]);
    expect(documented.sort()).toEqual([...members.get("ExpressSessionBridgeOptions")!].sort());
  });

  it("the guide's express-session table names express-session's options on the left and sess's on the right", () => {
    const rows = tableAfter(readFileSync(GUIDE, "utf8"), "## express-session's options in sess");
    const session = members.get("SessionOptions")!;
    const cookie = members.get("CookieOptions")!;
    const sess = members.get("CreateManagerOptions")!;
    expect(rows.length).toBeGreaterThan(10);
    for (const [left, right] of rows) {
      for (const name of names(left!)) {
        if (name.startsWith("cookie.")) expect(cookie.has(name.slice(7)), `express-session's cookie option ${name}`).toBe(true);
        else expect(session.has(name), `express-session's option ${name}`).toBe(true);
      }
      for (const name of names(right!)) expect(sess.has(name), `sess's option ${name}`).toBe(true);
    }
  });
});
