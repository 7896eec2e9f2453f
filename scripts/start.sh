#!/usr/bin/env bash
# `npm start`: install, build the packages the demo needs, run the demo chat.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh exec turbo run build --filter=@stelar/demo... --output-logs=errors-only
exec bash scripts/pnpm.sh --filter @stelar/demo start
