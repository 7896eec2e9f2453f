#!/usr/bin/env bash
# Runs the pinned pnpm through npx, so a machine with only Node.js and npm
# needs nothing installed globally. pnpm 10 because pnpm 11 crashes on Node 20.
set -euo pipefail
exec npx --yes pnpm@10.34.9 "$@"
