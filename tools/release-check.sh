#!/usr/bin/env bash
# A release, rehearsed without touching the working tree: in a temporary copy of the
# tracked files (plus any new changesets), `changeset version` bumps every package and
# writes CHANGELOGs, then each publishable package is packed with pnpm (as `changeset
# publish` would publish it) and the tarball is checked: the new version, no `workspace:`
# range, internal dependencies on the new version, dist and LICENSE inside.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PNPM=(npx -y pnpm@12.21.0)
work="$(mktemp -d "${TMPDIR:-/tmp}/sess-release-XXXXXX")"
trap 'rm -rf "$work"' EXIT
log() { echo "[release-check] $*"; }

cd "$ROOT"
{ git ls-files; git ls-files --others --exclude-standard .changeset; } | sort -u |
  while read -r f; do [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf - | tar -xf - -C "$work"
ln -s "$ROOT/node_modules" "$work/node_modules"
for dist in packages/*/dist; do cp -a "$dist" "$work/$dist"; done

cd "$work"
pending=$(find .changeset -name '*.md' ! -name README.md | wc -l)
log "changeset version with $pending pending changeset(s)"
node_modules/.bin/changeset version >/dev/null
failed=0
for dir in packages/*/; do
  manifest="$dir/package.json"
  [ "$(node -p "require('./$manifest').private === true")" = true ] && continue
  name=$(node -p "require('./$manifest').name")
  version=$(node -p "require('./$manifest').version")
  out="$work/packed/${name//\//-}"
  mkdir -p "$out"
  (cd "$dir" && "${PNPM[@]}" pack --pack-destination "$out" >/dev/null)
  tgz=$(ls "$out"/*.tgz)
  if ! NAME="$name" VERSION="$version" TGZ="$tgz" node --input-type=module -e '
    import { execFileSync } from "node:child_process";
    const { NAME, VERSION, TGZ } = process.env;
    const files = execFileSync("tar", ["-tzf", TGZ], { encoding: "utf8" }).split("\n");
    const pkg = JSON.parse(execFileSync("tar", ["-xzOf", TGZ, "package/package.json"], { encoding: "utf8" }));
    const problems = [];
    // The ranges sess itself writes: an exact version, or comparators such as ">=0.1.0 <1.0.0".
    const parts = (v) => v.split(".").map(Number);
    const compare = (a, b) => { const [x, y] = [parts(a), parts(b)]; for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i]; return 0; };
    const satisfies = (version, range) => range.trim().split(/\s+/).every((part) => {
      const m = /^(>=|<=|>|<|=)?(\d+\.\d+\.\d+)$/.exec(part);
      if (!m) return false;
      const c = compare(version, m[2]);
      return { ">=": c >= 0, "<=": c <= 0, ">": c > 0, "<": c < 0, "=": c === 0 }[m[1] ?? "="];
    });
    if (pkg.version !== VERSION) problems.push(`version ${pkg.version}, expected ${VERSION}`);
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
        if (range.startsWith("workspace:")) problems.push(`${field}.${dep} is ${range}`);
        if (dep.startsWith("@sess/") && !satisfies(VERSION, range)) problems.push(`${field}.${dep} is ${range}, which the released ${VERSION} does not satisfy`);
      }
    }
    for (const needed of ["package/LICENSE", "package/README.md", "package/dist/index.js"]) {
      if (!files.includes(needed)) problems.push(`no ${needed}`);
    }
    if (!files.some((f) => f.startsWith("package/CHANGELOG.md"))) problems.push("no CHANGELOG.md");
    if (problems.length) { console.error(`${NAME}@${VERSION}: ${problems.join("; ")}`); process.exit(1); }
    console.log(`[release-check] ${NAME}@${VERSION}: ${files.filter(Boolean).length} files OK`);
  '; then failed=1; fi
done
[ "$failed" = 0 ] || { log "FAILED"; exit 1; }
log "OK: a release is \`npm run release\` (turbo build + changeset publish)"
