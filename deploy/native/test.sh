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

say "Unit and integration tests"
npx nx run-many -t test --outputStyle=static --parallel=2 --exclude=station-e2e

say "Whole-stack e2e (real Redis, MPD, Liquidsoap, Icecast, Caddy, ffmpeg, Chromium)"
npx nx run station-e2e:test --outputStyle=static
