import { resolve } from 'node:path';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const host = (fallback: string) => z.string().min(1).default(fallback);

const secret = z.string().min(16, 'must be at least 16 characters (generate one with `openssl rand -hex 24`)');

/**
 * Every setting the station reads from its environment, with the design's defaults.
 * Ports and names here are a contract with users' scripts and encoders: keep them.
 */
export const stationEnvSchema = z.object({
  H4K_DATA_DIR: z.string().min(1).default('./data'),
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

  GATEWAY_HOST: host('127.0.0.1'),
  GATEWAY_PORT: port(8383),
  GATEWAY_URL: z.url().optional(),

  REDIS_HOST: host('127.0.0.1'),
  REDIS_PORT: port(6379),
  /** Required by the native station and compose (generated into secrets.env); empty = no AUTH. */
  REDIS_PASSWORD: z
    .string()
    .optional()
    .transform((raw) => (raw ? raw : undefined)),

  MPD_USER_HOST: host('127.0.0.1'),
  MPD_USER_PORT: port(6600),
  MPD_USER_HTTP_PORT: port(8001),
  MPD_FALLBACK_HOST: host('127.0.0.1'),
  MPD_FALLBACK_PORT: port(6601),
  MPD_FALLBACK_HTTP_PORT: port(8002),

  LIQUIDSOAP_HOST: host('127.0.0.1'),
  LIQUIDSOAP_TELNET_PORT: port(1234),
  HARBOR_PORT: port(8003),
  /**
   * A connected DJ whose audio stays below -50 dBFS this long goes off air (the next tier plays) until
   * their audio returns; they stay connected and their time keeps counting. Read by Liquidsoap.
   */
  LIVE_SILENCE_SECONDS: z.coerce.number().min(1).max(600).default(10),
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

  ICECAST_HOST: host('127.0.0.1'),
  ICECAST_PORT: port(8005),
  /**
   * Listeners one stream (mount) of this Icecast takes; the next one is refused at once with 403 "too many
   * clients". More listeners than one box holds: relays (`npm run relay`).
   */
  MAX_LISTENERS: z.coerce.number().int().min(1).max(100_000).default(1000),
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

  H4K_STARTER_TRACK_SECONDS: z.coerce.number().int().min(5).max(600).default(30),

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
  FFMPEG_PATH: z.string().min(1).default('/usr/bin/ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('/usr/bin/ffprobe'),

  MAX_SONG_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  MAX_DOWNLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  DOWNLOAD_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
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
  DOWNLOADER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),

  RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Human-readable, coloured log lines instead of JSON: `auto` when writing to a terminal (never under the runner). */
  LOG_PRETTY: z.enum(['auto', 'true', 'false'], { error: 'must be auto, true or false' }).default('auto'),
  /** The runner rotates every process's log past this size (logrotate, copytruncate)… */
  LOG_MAX_SIZE_MB: z.coerce.number().min(0.01).max(100_000).default(10),
  /** …keeping this many older generations (the newest plain, the others gzipped). */
  LOG_KEEP: z.coerce.number().int().min(1).max(1000).default(5),

  // ---------------------------------------------------------------------------------------------
  // Limits: read by the gateway only. Counted per client address (behind Caddy, the address it
  // forwards) and kept in Redis, so several gateways share them; SSE streams are counted per gateway.
  // ---------------------------------------------------------------------------------------------
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
});

export type StationEnv = z.infer<typeof stationEnvSchema>;

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

export const gatewayEnvSchema = stationEnvSchema.extend(gatewaySecretsSchema.shape);
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once, at start, and reports every bad variable together. */
export function loadStationEnv(env: Record<string, string | undefined> = process.env): StationEnv {
  return validated(stationEnvSchema, env);
}

/** The gateway's settings: the station's plus the secrets it checks tokens with. */
export function loadGatewayEnv(env: Record<string, string | undefined> = process.env): GatewayEnv {
  return validated(gatewayEnvSchema, env);
}

function validated<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return parsed.data;
}

/** Where and how every process reaches Redis (ioredis, BullMQ and the Nest transport alike). */
export interface RedisConnection {
  host: string;
  port: number;
  password?: string;
}

export function redisConnection(
  env: Pick<StationEnv, 'REDIS_HOST' | 'REDIS_PORT' | 'REDIS_PASSWORD'>,
): RedisConnection {
  return {
    host: env.REDIS_HOST,
    port: env.REDIS_PORT,
    ...(env.REDIS_PASSWORD !== undefined && { password: env.REDIS_PASSWORD }),
  };
}

/** Debian's package: the downloader's yt-dlp when no build is in the data dir and none is pinned. */
export const SYSTEM_YTDLP_PATH = '/usr/bin/yt-dlp';

/** The official yt-dlp build the runner installs and the downloader prefers (see YTDLP_AUTO_UPDATE). */
export function ytdlpBuildPath(env: Pick<StationEnv, 'H4K_DATA_DIR'>): string {
  return resolve(env.H4K_DATA_DIR, 'bin', 'yt-dlp');
}

export function gatewayUrl(env: StationEnv): string {
  return env.GATEWAY_URL ?? `http://${env.GATEWAY_HOST}:${env.GATEWAY_PORT}`;
}
