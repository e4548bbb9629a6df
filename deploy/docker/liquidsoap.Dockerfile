# Liquidsoap 2.1.3 from Debian 12 (settings are `settings.x.set(v)`, env is read with
# getenv). It refuses to run as root: the package's liquidsoap user runs it. The script
# takes every setting from the environment, so it is used as is. Build context: the repo root.
FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
  && apt-get install -y --no-install-recommends 'liquidsoap=2.1.3-*' \
  && rm -rf /var/lib/apt/lists/* \
  # uid 1000 like the node images' user: the gateway lists and deletes the recordings it writes.
  && usermod -u 1000 liquidsoap \
  && install -d -o liquidsoap /data /data/recordings

COPY liquidsoap/radio.liq /etc/h4k/liquidsoap/radio.liq

USER liquidsoap
CMD ["liquidsoap", "/etc/h4k/liquidsoap/radio.liq"]
