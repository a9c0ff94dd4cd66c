#!/usr/bin/env bash
# Installs what a fresh machine lacks, builds, and runs every test: type check, vitest (on embedded
# PGlite and on a throwaway PostgreSQL 15 cluster) and Playwright in Chromium. Fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v bwrap >/dev/null || missing+=(bubblewrap)
command -v socat >/dev/null || missing+=(socat)
command -v git >/dev/null || missing+=(git)
if ! command -v initdb >/dev/null && [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then missing+=(postgresql-15); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi
command -v initdb >/dev/null || export PATH="/usr/lib/postgresql/15/bin:$PATH"

export NEXT_TELEMETRY_DISABLED=1
npm ci --no-audit --no-fund
bash scripts/install-agent-clis.sh
npm run build
results=$(mktemp -d)
status=0
npm run typecheck || status=1
npm run lint:openapi || status=1
npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json" || status=1
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json || status=1
node scripts/test-summary.mjs "$results/vitest.json" "$results/playwright.json" || status=1
rm -rf "$results"
exit $status
