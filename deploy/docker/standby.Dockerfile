# The standby encoder: ffmpeg 5.1 from Debian 12 feeding Icecast's /standby mounts
# (deploy/docker/standby-encoder.sh). Build context: the repo root.
FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
  && apt-get install -y --no-install-recommends 'ffmpeg=7:5.1.*' curl \
  && rm -rf /var/lib/apt/lists/*

COPY deploy/docker/standby-encoder.sh /usr/local/bin/standby-encoder
RUN chmod 0755 /usr/local/bin/standby-encoder
USER nobody
CMD ["standby-encoder"]
