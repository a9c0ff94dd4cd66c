#!/usr/bin/env bash
# Installs the pinned agent CLIs of scripts/agent-clis into .tools/agent-clis (not the app's
# dependencies): the real-CLI tests run them in the sandbox against a scripted model server.
set -euo pipefail
cd "$(dirname "$0")/.."
target=.tools/agent-clis
if cmp -s scripts/agent-clis/package-lock.json "$target/installed-lock.json"; then exit 0; fi
rm -rf "$target"
mkdir -p "$target"
cp scripts/agent-clis/package.json scripts/agent-clis/package-lock.json "$target/"
# From inside the folder: `npm --prefix` would move npm's global config, and with it the registry's CA.
# `npm ci` would refuse the lock, which lists no entries for the other platforms' optional packages of
# opencode-ai. Only the two CLIs' own install steps run (they put the platform's native binary in
# place), not the native builds of optional modules some CLIs carry.
(
  cd "$target"
  npm install --no-audit --no-fund --ignore-scripts --no-save
  node node_modules/@anthropic-ai/claude-code/install.cjs
  (cd node_modules/opencode-ai && node postinstall.mjs)
)
cp scripts/agent-clis/package-lock.json "$target/installed-lock.json"
