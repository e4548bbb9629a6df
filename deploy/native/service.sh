#!/usr/bin/env bash
# `npm run service -- install|remove`: the station as a systemd service (starts at boot, restarted
# whenever it stops). Install builds first, so the unit's first start finds everything in place.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

if [ "$(id -u)" != 0 ]; then
  echo "npm run service -- ${1:-install|remove} needs root (the station's runner runs as root): run it with sudo." >&2
  exit 1
fi
if [ "${1:-}" = install ]; then
  ensure_packages "${STATION_PACKAGES[@]}"
  ensure_node_modules
  build_station
elif [ ! -f dist/deploy/native/main.js ]; then
  ensure_node_modules
  npx nx run station:build --outputStyle=static >/dev/null
fi
exec node dist/deploy/native/main.js service "$@"
