#!/usr/bin/env bash
# What a third-party provider author gets: @sess/core and @sess/conformance packed with
# pnpm, installed with npm into an empty project outside the monorepo together with
# vitest, then the README's minimal provider (packages/conformance/example) run against
# the suite, and the README's example adapter (node-fetch-adapter.ts) against the adapter
# suite. Fails if the install pulls container tooling or database clients, or if either
# suite is not green.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PNPM=(npx -y pnpm@12.21.0)
VITEST_VERSION="$(node -p "require('$ROOT/package.json').devDependencies.vitest")"
work="$(mktemp -d "${TMPDIR:-/tmp}/sess-outside-XXXXXX")"
trap 'rm -rf "$work"' EXIT
log() { echo "[conformance-outside] $*"; }

for pkg in core conformance; do
  (cd "$ROOT/packages/$pkg" && "${PNPM[@]}" pack --pack-destination "$work/tarballs" >/dev/null)
done
mkdir -p "$work/project/test"
cd "$work/project"
printf '{ "name": "my-sess-provider", "private": true, "type": "module" }\n' >package.json
for file in map-provider.ts map-provider.test.ts node-fetch-adapter.ts node-fetch-harness.ts node-fetch-adapter.test.ts; do
  cp "$ROOT/packages/conformance/example/$file" test/
done
log "npm install of the packed @sess/core, @sess/conformance and vitest@$VITEST_VERSION"
npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz "vitest@$VITEST_VERSION" </dev/null
count=$(npm ls --all --parseable 2>/dev/null | wc -l)
for heavy in testcontainers @testcontainers/redis ioredis mysql2 pg; do
  if [ -e "node_modules/$heavy" ]; then log "error: the install pulled $heavy"; exit 1; fi
done
log "installed $(du -sh node_modules | cut -f1) in node_modules ($count packages), no container tooling"
npx vitest run test </dev/null
log "OK"
