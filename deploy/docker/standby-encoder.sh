#!/bin/sh
# The standby encoder (compose's `standby` service): low pink noise on Icecast's hidden /standby
# (Ogg/Opus) and /standby.mp3 mounts, so that while Liquidsoap restarts Icecast moves the listeners
# of /radio and /radio.mp3 there (fallback-override) instead of dropping them, and back once it is up.
# The same encoder as the native runner's "standby" process (deploy/native/src/station-processes.ts).
# Env: ICECAST_HOST, ICECAST_PORT, ICECAST_STANDBY_PASSWORD.
set -eu
: "${ICECAST_HOST:?}" "${ICECAST_PORT:?}" "${ICECAST_STANDBY_PASSWORD:?}"
base="icecast://standby:${ICECAST_STANDBY_PASSWORD}@${ICECAST_HOST}:${ICECAST_PORT}"
exec ffmpeg -hide_banner -nostdin -loglevel error -re \
  -f lavfi -i anoisesrc=color=pink:amplitude=0.05:sample_rate=48000 \
  -ac 2 -c:a libopus -b:a 32k -content_type audio/ogg -f ogg "${base}/standby" \
  -ac 2 -c:a libmp3lame -b:a 64k -content_type audio/mpeg -f mp3 "${base}/standby.mp3"
