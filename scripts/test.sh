#!/usr/bin/env bash
# `npm test`: install, build, and run every package's tests, then print one
# total over all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/ensure-chromium.sh
rm -f packages/*/.vitest-report.json apps/*/.vitest-report.json

status=0
bash scripts/pnpm.sh exec turbo run build typecheck test --concurrency=2 || status=$?
node scripts/test-summary.mjs || status=$?
exit "$status"
