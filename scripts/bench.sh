#!/usr/bin/env bash
# `npm run bench [-- --quick]`: install, build, and run the side-by-side
# benchmark of apps/bench (stelar-time-real, raw ws, Socket.IO).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh exec turbo run build --filter=@stelar/bench... --output-logs=errors-only
cd apps/bench
exec node src/bench.mjs "$@"
