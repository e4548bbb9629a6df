# Icecast 2.4.4 from Debian 12. It refuses to start as root unless told to change owner,
# so the image runs it as the package's own icecast2 user and ICECAST_CHANGEOWNER stays
# empty. Build context: the repo root.
FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
  && apt-get install -y --no-install-recommends 'icecast2=2.4.4-*' gettext-base curl \
  && rm -rf /var/lib/apt/lists/*

COPY deploy/docker/render-and-exec.sh /usr/local/bin/render-and-exec
COPY deploy/icecast/icecast.xml.tmpl /etc/h4k/icecast/icecast.xml.tmpl
# The template logs under ${H4K_DATA_DIR}/icecast/log (not a volume: logs go with the container).
RUN chmod 0755 /usr/local/bin/render-and-exec \
  && install -d -o icecast2 -g icecast /run/h4k /data/icecast /data/icecast/log

ENV H4K_DATA_DIR=/data ICECAST_CHANGEOWNER=
USER icecast2
ENTRYPOINT ["render-and-exec"]
CMD ["/etc/h4k/icecast/icecast.xml.tmpl", "/run/h4k/icecast.xml", "icecast2", "-c", "/run/h4k/icecast.xml"]
