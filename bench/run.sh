#!/usr/bin/env bash
# `npm run bench [name]`: runs the benchmarks against a real station on free ports and prints numbers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source deploy/native/setup.sh
ensure_packages "${STATION_PACKAGES[@]}" wrk
ensure_node_modules
npx nx run-many -t build -p gateway queue downloader livestream admin station --outputStyle=static >/dev/null
export TS_NODE_PROJECT=bench/tsconfig.json TS_NODE_TRANSPILE_ONLY=1
for bench in bench/${1:-*}.bench.ts; do
  echo "== ${bench}"
  node -r ts-node/register -r tsconfig-paths/register "$bench"
done
