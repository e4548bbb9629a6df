#!/usr/bin/env bash
# Shared by start.sh and test.sh: installs whatever is missing (Debian packages, npm packages
# from the lockfile, the build), so either command works as the first one on a fresh clone.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

# Nothing may reach the internet at install, build, run or test time.
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=false
export NG_CLI_ANALYTICS=false SCARF_ANALYTICS=false DO_NOT_TRACK=1
export YOUTUBE_DL_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

STATION_PACKAGES=(mpd mpc liquidsoap icecast2 redis-server ffmpeg yt-dlp caddy ca-certificates util-linux passwd acl logrotate)
# Distro services that would take the station's ports if the package manager started them.
DISTRO_UNITS=(mpd.service mpd.socket redis-server.service caddy.service icecast2.service)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  # Keep the packages' own services from starting on install: the station runs its own copies.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    created_policy=1
  fi
  local status=0
  as_root apt-get update -qq || status=$?
  if [ $status -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
  fi
  if [ $created_policy = 1 ]; then as_root rm -f "$policy"; fi
  [ $status -eq 0 ] || return $status
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    as_root systemctl disable --now "${DISTRO_UNITS[@]}" >/dev/null 2>&1 || true
  fi
}

ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing npm packages from the lockfile"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

build_station() {
  say "Building (cached after the first time)"
  npx nx run-many -t build -p gateway queue downloader livestream admin station --outputStyle=static --parallel=2 \
    > "${BUILD_LOG:-/tmp/h4kstream-build.log}" 2>&1 \
    || { tail -50 "${BUILD_LOG:-/tmp/h4kstream-build.log}"; return 1; }
}
