# One image per Nest app:
#   docker build -f deploy/docker/node-app.Dockerfile --build-arg APP=gateway .
# APP is gateway, queue, downloader or livestream. Build context: the repo root.

# Stage 1: the whole workspace. `npm ci` comes before `ARG APP`, so its layer is shared by
# the four apps (and by the caddy image's build stage).
FROM node:20-bookworm-slim AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NG_CLI_ANALYTICS=false SCARF_ANALYTICS=false YOUTUBE_DL_SKIP_DOWNLOAD=1
WORKDIR /workspace
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG APP
RUN test -n "$APP" || { echo 'set --build-arg APP=gateway|queue|downloader|livestream' >&2; exit 1; }
# Writes dist/apps/$APP/{main.js,package.json,package-lock.json}: the bundle with the
# workspace libs inlined, and only the npm packages it imports.
RUN npx nx build "$APP" --outputStyle=static

# Stage 2: the bundle and its production dependencies, run by the unprivileged node user.
FROM node:20-bookworm-slim AS runtime
ARG APP
ARG DEBIAN_FRONTEND=noninteractive
# The downloader spawns ffmpeg and yt-dlp; the queue spawns ffmpeg to rewrite a library song's tags.
RUN if [ "$APP" = downloader ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends 'ffmpeg=7:5.1.*' 'yt-dlp=2023.03.*' \
      && rm -rf /var/lib/apt/lists/*; \
    elif [ "$APP" = queue ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends 'ffmpeg=7:5.1.*' \
      && rm -rf /var/lib/apt/lists/*; \
    fi
# Mount points of the music volumes (shared with the MPD images, which only read them).
RUN install -d -o node -g node /data /data/music /data/music/user /data/music/fallback /data/tmp /data/tmp/uploads /data/recordings

ENV NODE_ENV=production APP=$APP H4K_DATA_DIR=/data
WORKDIR /app
COPY --from=build /workspace/dist/apps/$APP/package.json /workspace/dist/apps/$APP/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /workspace/dist/apps/$APP/ ./dist/apps/$APP/
# Healthcheck of the Redis-transport services (resolves ioredis from /app/node_modules).
COPY deploy/docker/service-ping.cjs ./service-ping.cjs

USER node
CMD ["sh", "-c", "exec node \"dist/apps/$APP/main.js\""]
