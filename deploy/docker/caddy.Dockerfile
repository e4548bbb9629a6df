# Caddy 2.6.2 from Debian 12 serving the built admin panel and proxying the API and the
# stream. Build context: the repo root.

# Stage 1: build the Angular panel (same `npm ci` layer as node-app.Dockerfile).
FROM node:20-bookworm-slim AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NG_CLI_ANALYTICS=false SCARF_ANALYTICS=false YOUTUBE_DL_SKIP_DOWNLOAD=1
WORKDIR /workspace
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx build admin --outputStyle=static

# Stage 2: Caddy and the panel's static files, run by the package's caddy user.
FROM debian:bookworm-slim AS runtime
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
  && apt-get install -y --no-install-recommends 'caddy=2.6.2-*' curl \
  && rm -rf /var/lib/apt/lists/*

COPY caddy/Caddyfile /etc/h4k/caddy/Caddyfile
COPY --from=build /workspace/dist/apps/admin/browser/ /srv/admin/
# Caddy writes autosave.json (and would write certificates) under the XDG dirs.
RUN install -d -o caddy -g caddy /var/lib/caddy/data /var/lib/caddy/config

ENV ADMIN_DIST_DIR=/srv/admin XDG_DATA_HOME=/var/lib/caddy/data XDG_CONFIG_HOME=/var/lib/caddy/config
USER caddy
CMD ["caddy", "run", "--config", "/etc/h4k/caddy/Caddyfile", "--adapter", "caddyfile"]
