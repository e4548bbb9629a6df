#!/usr/bin/env bash
# `npm start`: set up whatever is missing, then run the station in the foreground (Ctrl-C stops it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

ensure_packages "${STATION_PACKAGES[@]}"
ensure_node_modules
build_station
# Every listener is an open file in Icecast (and two in Caddy); Icecast does not raise its own limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# The runner's young generation capped like the services' (station-processes.ts NODE_SERVICE_FLAGS);
# exec, so no shell stays between systemd and the runner. (`npm start` itself stays as the parent:
# ~70 MiB more than the systemd unit, which runs this script directly.)
exec node --max-semi-space-size=1 dist/deploy/native/main.js
