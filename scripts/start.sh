#!/usr/bin/env bash
# `npm start`: install, build the packages the demo needs, run the demo chat.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh exec turbo run build --filter=@stelar/demo... --output-logs=errors-only
# Node itself, not pnpm, so that Ctrl-C ends the demo as a signal rather
# than as a failed pnpm script.
cd apps/demo
exec node src/server.mjs
