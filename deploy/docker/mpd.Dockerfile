# MPD 0.23 from Debian 12, for both station instances (mpd-user, mpd-fallback): the
# service's command names which template to render. Build context: the repo root.
FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
  && apt-get install -y --no-install-recommends 'mpd=0.23.*' gettext-base \
  && rm -rf /var/lib/apt/lists/*

COPY deploy/docker/render-and-exec.sh /usr/local/bin/render-and-exec
COPY mpd/user.conf.tmpl mpd/fallback.conf.tmpl /etc/h4k/mpd/

# Mount points of the named volumes; a fresh volume copies this ownership. The music
# library belongs to the Nest apps' `node` user (uid/gid 1000 in node:20 images), which
# writes it; MPD only reads it. The state dirs are MPD's own.
RUN chmod 0755 /usr/local/bin/render-and-exec \
  && install -d -o 1000 -g 1000 /data/music /data/music/user /data/music/fallback \
  && install -d -o mpd -g audio /run/h4k /data/mpd \
    /data/mpd/user /data/mpd/user/playlists \
    /data/mpd/fallback /data/mpd/fallback/playlists

ENV H4K_DATA_DIR=/data
USER mpd
ENTRYPOINT ["render-and-exec"]
