#!/usr/bin/env bash
# `npm test`: set up what the tests need (media packages, chromium), then run every test:
# unit and Redis-transport tests per project, then the whole-stack e2e on its own ports.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# ezstream and curl: the DJ tests stream with them (a short DJ key; headers ffmpeg cannot send).
ensure_packages "${STATION_PACKAGES[@]}" chromium fonts-liberation ezstream curl
ensure_node_modules
build_station

say "Static checks: lint (module boundaries), formatting, panel types, generated API client up to date"
npm run lint
npx nx run-many -t typecheck --outputStyle=static
npx nx run api-client:check-generated --outputStyle=static

# Each step's output is also kept, so that a failure's jest report is repeated last, where a CI log's
# tail shows it, rather than scrolled away by the projects that finished after the failing one.
TEST_LOG_DIR="$(mktemp -d)"
trap 'rm -rf "$TEST_LOG_DIR"' EXIT
recap_failures() {
  local log="$1"
  say "Failed tests, repeated from above"
  # Jest heads each failure (and a suite that could not run) with "●", then its assertion and stack;
  # "● Console" heads a test file's logs instead, which are left out.
  awk '/●/ { keep = ($0 !~ /● .*Console/) ? 30 : 0 } keep > 0 { print; keep-- }' "$log" | tail -n 300
}
run_logged() {
  local log="$TEST_LOG_DIR/$1"
  shift
  local status=0
  "$@" 2>&1 | tee "$log" || status=$?
  if [ $status -ne 0 ]; then
    recap_failures "$log"
    return $status
  fi
}

say "Unit and integration tests"
run_logged unit.log npx nx run-many -t test --outputStyle=static --parallel=2 --exclude=station-e2e

say "Whole-stack e2e (real Redis, MPD, Liquidsoap, Icecast, Caddy, ffmpeg, Chromium)"
run_logged e2e.log npx nx run station-e2e:test --outputStyle=static
