#!/usr/bin/env bash
# `npm run bench [name|all]`: runs benchmarks against a real station on free ports and prints numbers.
# No name: faster-to-air, issue #13's table before and after (it runs the benches that measure it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source deploy/native/setup.sh
ensure_packages "${STATION_PACKAGES[@]}" wrk
ensure_node_modules
npx nx run-many -t build -p gateway queue downloader livestream admin station --outputStyle=static >/dev/null
export TS_NODE_PROJECT=bench/tsconfig.json TS_NODE_TRANSPILE_ONLY=1
case "${1:-faster-to-air}" in
  all) benches=(bench/*.bench.ts) ;;
  *) benches=("bench/${1:-faster-to-air}.bench.ts") ;;
esac
for bench in "${benches[@]}"; do
  echo "== ${bench}"
  node -r ts-node/register -r tsconfig-paths/register "$bench"
done
