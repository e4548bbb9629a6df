import { resolve } from 'node:path';

import { z } from 'zod';

import { redisSettings } from './redis';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const host = (fallback: string) => z.string().min(1).default(fallback);

const secret = z.string().min(16, 'must be at least 16 characters (generate one with `openssl rand -hex 24`)');

// Settings come in pieces, one per concern; each process validates only the pieces it uses (a
// schema per service below), so it never holds a setting, let alone a secret, meant for another.

/** Every Nest service: where the data dir is, how it logs, how it reaches Redis. */
const serviceBase = {
  H4K_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Human-readable, coloured log lines instead of JSON: `auto` when writing to a terminal (never under the runner). */
  LOG_PRETTY: z.enum(['auto', 'true', 'false'], { error: 'must be auto, true or false' }).default('auto'),
  ...redisSettings,
};

const publicSite = {
  PUBLIC_BIND_ADDRESS: host('0.0.0.0'),
  HTTP_PORT: port(80),
  /** The station's public domain: Caddy then serves HTTPS with automatic certificates and redirects HTTP. */
  H4K_DOMAIN: z
    .string()
    .optional()
    .transform((raw) => (raw ? raw.trim().toLowerCase() : undefined))
    .pipe(
      z
        .string()
        .regex(
          /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/,
          'must be a host name such as radio.example.org',
        )
        .optional(),
    ),
  HTTPS_PORT: port(443),
};

const gatewayAddress = {
  GATEWAY_HOST: host('127.0.0.1'),
  GATEWAY_PORT: port(8383),
  GATEWAY_URL: z.url().optional(),
};

const mpds = {
  MPD_USER_HOST: host('127.0.0.1'),
  MPD_USER_PORT: port(6600),
  MPD_USER_HTTP_PORT: port(8001),
  MPD_FALLBACK_HOST: host('127.0.0.1'),
  MPD_FALLBACK_PORT: port(6601),
  MPD_FALLBACK_HTTP_PORT: port(8002),
};

const liquidsoapTelnet = {
  LIQUIDSOAP_HOST: host('127.0.0.1'),
  LIQUIDSOAP_TELNET_PORT: port(1234),
};

const harbor = {
  HARBOR_PORT: port(8003),
  /**
   * Where DJs reach the harbor from outside, as the DJ page shows it: set these when a router or proxy
   * publishes it under another name or port. Unset: H4K_DOMAIN, else the host the panel was opened on; HARBOR_PORT.
   */
  HARBOR_PUBLIC_HOST: z
    .string()
    .optional()
    .transform((raw) => (raw?.trim() ? raw.trim().toLowerCase() : undefined))
    .pipe(
      z
        .string()
        .regex(/^[a-z0-9.:[\]-]{1,253}$/, 'must be a host name or an IP address, e.g. dj.example.org')
        .optional(),
    ),
  HARBOR_PUBLIC_PORT: z
    .string()
    .optional()
    .transform((raw) => (raw?.trim() ? Number(raw.trim()) : undefined))
    .pipe(z.number().int().min(1).max(65535).optional()),
};

const icecast = {
  ICECAST_HOST: host('127.0.0.1'),
  ICECAST_PORT: port(8005),
  /**
   * Listeners one stream (mount) of this Icecast takes; the next one is refused at once with 403 "too many
   * clients". More listeners than one box holds: relays (`npm run relay`).
   */
  MAX_LISTENERS: z.coerce.number().int().min(1).max(10_000).default(1000),
  /**
   * Relays' Icecast status pages (`http://relay:8105/status-json.xsl`, comma list): the dashboard and /metrics
   * add their listeners to this Icecast's (each relay's own pull from here is not counted).
   */
  RELAY_STATUS_URLS: z
    .string()
    .default('')
    .transform((raw) =>
      raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be a comma list of http(s) URLs' }))),
};

const mediaTools = {
  FFMPEG_PATH: z.string().min(1).default('/usr/bin/ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('/usr/bin/ffprobe'),
};

const ytdlp = {
  /** Pins the yt-dlp binary the downloader runs (no data-dir build, no automatic updates). */
  YTDLP_PATH: z
    .string()
    .optional()
    .transform((raw) => (raw ? raw : undefined)),
  /** The runner keeps the official yt-dlp build in the data dir current (checks at start, then daily). */
  YTDLP_AUTO_UPDATE: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((raw) => raw === 'true'),
  /** Where `yt-dlp_linux` and `SHA2-256SUMS` of the release to install are (no trailing slash needed). */
  YTDLP_UPDATE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default('https://github.com/yt-dlp/yt-dlp/releases/latest/download')
    .transform((raw) => raw.replace(/\/+$/, '')),
};

/** What a submission may be: checked by the gateway (uploads) and the downloader (links). */
const songLimits = {
  MAX_SONG_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  MAX_DOWNLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
};

/** The outbound address policy (libs/egress-policy): downloads (downloader) and webhook deliveries (gateway). */
const egress = {
  /** host:port pairs exempt from the private-address refusal (comma list), e.g. a LAN media server. */
  DOWNLOAD_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((raw) =>
      raw
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter((entry) => entry.length > 0),
    ),
};

const downloads = {
  DOWNLOAD_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  DOWNLOADER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
};

/**
 * Limits: read by the gateway only. Counted per client address (behind Caddy, the address it
 * forwards) and kept in Redis, so several gateways share them; SSE streams are counted per gateway.
 */
const gatewayLimits = {
  RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /**
   * Proxies whose X-Forwarded-For the gateway believes (Express `trust proxy` names or CIDRs, comma list):
   * Caddy on the same host. In compose Caddy is another container: `loopback, uniquelocal`.
   */
  TRUSTED_PROXIES: z.string().trim().min(1).default('loopback'),
  /**
   * Where the gateway keeps GET /now-playing's JSON for Caddy to serve as a file (rewritten on every change and
   * every second); unset: not written, Caddy proxies the route. The runner sets it to data/public/now-playing.json.
   */
  NOW_PLAYING_FILE: z.string().trim().min(1).optional(),
  /** Requests per minute one address may make to one token-checking route: a ceiling normal use never meets. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Refused credentials (admin, listener, DJ or Liquidsoap token) one address may send within the window… */
  AUTH_FAILURES_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10),
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** …before every credential from it is refused with 429, unchecked, for this long. */
  AUTH_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Server-Sent Event streams one address may hold open at once on one gateway. */
  SSE_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Submissions and library uploads are refused (507) while the music or temp dir has less free space (MB). */
  MIN_FREE_DISK_MB: z.coerce.number().min(0).max(1_000_000_000).default(512),
  /** An upload that brings fewer than UPLOAD_MIN_PROGRESS_BYTES in this many seconds is cut off with 408. */
  UPLOAD_IDLE_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  UPLOAD_MIN_PROGRESS_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(8 * 1024),
};

/** The runner's own: what it renders into configs and how it keeps logs. */
const runnerOnly = {
  /**
   * A connected DJ whose audio stays below -50 dBFS this long goes off air (the next tier plays) until
   * their audio returns; they stay connected and their time keeps counting. Read by Liquidsoap.
   */
  LIVE_SILENCE_SECONDS: z.coerce.number().min(1).max(600).default(10),
  H4K_STARTER_TRACK_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  /** The runner rotates every process's log past this size (logrotate, copytruncate)… */
  LOG_MAX_SIZE_MB: z.coerce.number().min(0.01).max(100_000).default(10),
  /** …keeping this many older generations (the newest plain, the others gzipped). */
  LOG_KEEP: z.coerce.number().int().min(1).max(1000).default(5),
};

/**
 * Every setting the station reads from its environment, with the design's defaults: what the runner
 * (deploy/native) validates before it starts anything. Ports and names here are a contract with
 * users' scripts and encoders: keep them. No token secret: the runner hands those on unread.
 */
export const stationEnvSchema = z.object({
  ...serviceBase,
  ...publicSite,
  ...gatewayAddress,
  ...mpds,
  ...liquidsoapTelnet,
  ...harbor,
  ...icecast,
  ...mediaTools,
  ...ytdlp,
  ...songLimits,
  ...downloads,
  ...egress,
  ...gatewayLimits,
  ...runnerOnly,
});
export type StationEnv = z.infer<typeof stationEnvSchema>;

/** The queue service: both MPDs, announced handovers over Liquidsoap's telnet, ffmpeg for tags. */
export const queueEnvSchema = z.object({ ...serviceBase, ...mpds, ...liquidsoapTelnet, ...mediaTools });
export type QueueEnv = z.infer<typeof queueEnvSchema>;

/** The livestream service: the live slot in Redis, kicks over Liquidsoap's telnet. */
export const livestreamEnvSchema = z.object({ ...serviceBase, ...liquidsoapTelnet });
export type LivestreamEnv = z.infer<typeof livestreamEnvSchema>;

/** The downloader: yt-dlp, ffmpeg/ffprobe and the limits a song must meet. */
export const downloaderEnvSchema = z.object({
  ...serviceBase,
  ...mediaTools,
  ...ytdlp,
  ...songLimits,
  ...downloads,
  ...egress,
});
export type DownloaderEnv = z.infer<typeof downloaderEnvSchema>;

/**
 * The secrets only the gateway holds (it checks every token): the services behind it, and the
 * downloader that parses hostile media above all, are never given them.
 */
export const gatewaySecretsSchema = z.object({
  ADMIN_API_TOKEN: z
    .string()
    .min(1)
    .transform((raw) =>
      raw
        .split(',')
        .map((token) => token.trim())
        .filter((token) => token.length > 0),
    )
    .pipe(z.array(secret).min(1, 'must name at least one token')),
  LIQUIDSOAP_TOKEN: secret,
  JWT_SECRET: secret,
});

/** The gateway: HTTP, limits, what it reads from Icecast and the harbor for its pages, and the token secrets. */
export const gatewayEnvSchema = z.object({
  ...serviceBase,
  ...publicSite,
  ...gatewayAddress,
  ...harbor,
  ...icecast,
  ...songLimits,
  ...gatewayLimits,
  ...egress,
  ...gatewaySecretsSchema.shape,
});
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type RawEnv = Record<string, string | undefined>;

/** The runner's view: every setting of the station, validated once at start, every bad variable reported together. */
export function loadStationEnv(env: RawEnv = process.env): StationEnv {
  return validated(stationEnvSchema, env);
}

/** The gateway's settings, with the secrets it checks tokens with. */
export function loadGatewayEnv(env: RawEnv = process.env): GatewayEnv {
  return validated(gatewayEnvSchema, env);
}

export function loadQueueEnv(env: RawEnv = process.env): QueueEnv {
  return validated(queueEnvSchema, env);
}

export function loadLivestreamEnv(env: RawEnv = process.env): LivestreamEnv {
  return validated(livestreamEnvSchema, env);
}

export function loadDownloaderEnv(env: RawEnv = process.env): DownloaderEnv {
  return validated(downloaderEnvSchema, env);
}

function validated<T>(schema: z.ZodType<T>, env: RawEnv): T {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return parsed.data;
}

/** Debian's package: the downloader's yt-dlp when no build is in the data dir and none is pinned. */
export const SYSTEM_YTDLP_PATH = '/usr/bin/yt-dlp';

/** The official yt-dlp build the runner installs and the downloader prefers (see YTDLP_AUTO_UPDATE). */
export function ytdlpBuildPath(env: Pick<StationEnv, 'H4K_DATA_DIR'>): string {
  return resolve(env.H4K_DATA_DIR, 'bin', 'yt-dlp');
}

export function gatewayUrl(env: Pick<StationEnv, 'GATEWAY_URL' | 'GATEWAY_HOST' | 'GATEWAY_PORT'>): string {
  return env.GATEWAY_URL ?? `http://${env.GATEWAY_HOST}:${env.GATEWAY_PORT}`;
}
