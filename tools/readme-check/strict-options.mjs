// The compiler options README snippets are checked with: what `tsc --init` (TypeScript 6)
// writes, the strictest defaults a new project starts from, with skipLibCheck off so that
// the packages' own declaration files are checked too, and Node's types (every snippet runs on Node).
export const strictCompilerOptions = {
  module: "nodenext",
  target: "esnext",
  types: ["node"],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUncheckedSideEffectImports: true,
  moduleDetection: "force",
  skipLibCheck: false,
};
