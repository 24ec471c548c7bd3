#!/usr/bin/env bash
# Runs every check and test: lint (including the runtime-boundary rules), type
# checks, unit/integration tests (vitest) and browser tests (Playwright against
# the web host in Debian's Chromium). Every stage runs even if an earlier one
# fails, so one run shows everything that is wrong; the exit code is non-zero
# if any stage failed. Ends with one "N passed, N failed" line over all tests.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf test-reports && mkdir -p test-reports
status=0
stage() {
  local name=$1; shift
  printf '\n=== %s ===\n' "$name"
  if ! "$@"; then
    printf '=== %s FAILED ===\n' "$name"
    status=1
  fi
}
stage lint npx eslint .
stage typecheck npm run --silent typecheck
stage build npx electron-vite build
stage unit npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/vitest.json
stage e2e npx playwright test
node scripts/summarize-tests.mjs test-reports/vitest.json test-reports/playwright.json || status=1
exit $status
