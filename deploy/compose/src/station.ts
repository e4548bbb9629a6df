/**
 * What compose.yaml must describe: the station's services, the env contract of
 * libs/config (names and values users' scripts and encoders rely on) and the pinned
 * versions tested on Debian 12. profile.ts makes a JSON schema of what it says about
 * compose.yaml; the checks in rules.ts use the rest.
 */
import { STATION_SECRET_NAMES } from '@h4k/config';

export const SERVICES = [
  'redis',
  'mpd-user',
  'mpd-fallback',
  'icecast',
  'standby',
  'liquidsoap',
  'caddy',
  'gateway',
  'queue',
  'downloader',
  'livestream',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export const NEST_APPS = ['gateway', 'queue', 'downloader', 'livestream'] as const;

/** Services run as several replicas (`docker compose up --scale gateway=2 --scale downloader=3`). */
export const SCALED: readonly ServiceName[] = ['gateway', 'downloader'];

/** Where a service's own bind address differs from how the others reach it: each replica listens on its own interfaces. */
export const BIND_VARS: Readonly<Partial<Record<ServiceName, Readonly<Record<string, string>>>>> = {
  gateway: { GATEWAY_HOST: '0.0.0.0' },
};

/** Must come from .env as `${NAME:?message}`: compose then refuses to start without them. */
export const REQUIRED_SECRETS = STATION_SECRET_NAMES;

/** Fixed values of the env contract wherever a service sets them. */
export const CONTRACT_VALUES: Readonly<Record<string, string>> = {
  H4K_DATA_DIR: '/data',
  HTTP_PORT: '80',
  GATEWAY_PORT: '8383',
  GATEWAY_URL: 'http://gateway:8383',
  REDIS_PORT: '6379',
  MPD_USER_PORT: '6600',
  MPD_USER_HTTP_PORT: '8001',
  MPD_FALLBACK_PORT: '6601',
  MPD_FALLBACK_HTTP_PORT: '8002',
  LIQUIDSOAP_TELNET_PORT: '1234',
  HARBOR_PORT: '8003',
  ICECAST_PORT: '8005',
  PUBLIC_BIND_ADDRESS: '0.0.0.0',
  MPD_BIND: '0.0.0.0',
  ICECAST_BIND: '0.0.0.0',
  HARBOR_BIND: '0.0.0.0',
  ICECAST_CHANGEOWNER: '',
};

/** Host variables and the compose service each must name. */
export const HOST_VARS: Readonly<Record<string, ServiceName>> = {
  REDIS_HOST: 'redis',
  GATEWAY_HOST: 'gateway',
  MPD_USER_HOST: 'mpd-user',
  MPD_FALLBACK_HOST: 'mpd-fallback',
  LIQUIDSOAP_HOST: 'liquidsoap',
  ICECAST_HOST: 'icecast',
};

const APP_ENV = ['REDIS_HOST', 'REDIS_PORT', 'REDIS_PASSWORD', 'H4K_DATA_DIR'];
/** Only the gateway checks tokens (libs/config gatewaySecretsSchema). */
export const GATEWAY_SECRETS = ['ADMIN_API_TOKEN', 'LIQUIDSOAP_TOKEN', 'JWT_SECRET'] as const;

/** Variables each service needs (libs/config validates all of APP_ENV in every Nest app). */
export const SERVICE_ENV: Readonly<Record<ServiceName, readonly string[]>> = {
  redis: ['REDIS_PASSWORD'],
  'mpd-user': ['H4K_DATA_DIR', 'MPD_BIND', 'MPD_USER_PORT', 'MPD_USER_HTTP_PORT'],
  'mpd-fallback': ['H4K_DATA_DIR', 'MPD_BIND', 'MPD_FALLBACK_PORT', 'MPD_FALLBACK_HTTP_PORT'],
  icecast: [
    'ICECAST_SOURCE_PASSWORD',
    'ICECAST_ADMIN_PASSWORD',
    'ICECAST_BIND',
    'ICECAST_PORT',
    'ICECAST_CHANGEOWNER',
    'ICECAST_HOSTNAME',
    'MAX_LISTENERS',
  ],
  standby: ['ICECAST_HOST', 'ICECAST_PORT', 'ICECAST_STANDBY_PASSWORD'],
  liquidsoap: [
    'LIQUIDSOAP_TOKEN',
    'ICECAST_SOURCE_PASSWORD',
    'HARBOR_BIND',
    'HARBOR_PORT',
    'LIQUIDSOAP_TELNET_PORT',
    'MPD_USER_HOST',
    'MPD_USER_HTTP_PORT',
    'MPD_FALLBACK_HOST',
    'MPD_FALLBACK_HTTP_PORT',
    'ICECAST_HOST',
    'ICECAST_PORT',
    'GATEWAY_URL',
  ],
  caddy: ['HTTP_PORT', 'PUBLIC_BIND_ADDRESS', 'GATEWAY_PORT', 'ICECAST_PORT', 'ADMIN_DIST_DIR'],
  gateway: [...APP_ENV, ...GATEWAY_SECRETS, 'GATEWAY_PORT'],
  queue: [
    ...APP_ENV,
    'MPD_USER_HOST',
    'MPD_USER_PORT',
    'MPD_FALLBACK_HOST',
    'MPD_FALLBACK_PORT',
    // announced handovers (h4k.release)
    'LIQUIDSOAP_HOST',
    'LIQUIDSOAP_TELNET_PORT',
  ],
  downloader: [...APP_ENV],
  livestream: [...APP_ENV, 'LIQUIDSOAP_HOST', 'LIQUIDSOAP_TELNET_PORT'],
};

/** The only published container ports. */
export const PUBLISHED: Readonly<Partial<Record<ServiceName, readonly number[]>>> = {
  caddy: [80, 443],
  liquidsoap: [8003],
};

/** Internal ports, named for the failure message should one be published. */
export const INTERNAL_PORTS: Readonly<Record<number, string>> = {
  6379: 'Redis',
  6600: 'MPD (user) control',
  6601: 'MPD (fallback) control',
  8001: 'MPD (user) httpd output',
  8002: 'MPD (fallback) httpd output',
  8005: 'Icecast',
  1234: 'Liquidsoap telnet',
  8383: 'gateway',
};

/** Start order that matters: service -> what must be healthy first. */
export const DEPENDS_ON: Readonly<Partial<Record<ServiceName, readonly ServiceName[]>>> = {
  gateway: ['redis'],
  queue: ['redis', 'mpd-user', 'mpd-fallback'],
  downloader: ['redis'],
  livestream: ['redis', 'liquidsoap'],
  liquidsoap: ['icecast', 'mpd-user', 'mpd-fallback'],
  standby: ['icecast'],
  caddy: ['icecast'],
};

/** Named volume mounts: [service, volume, container path, writable]. */
export const MOUNTS: readonly (readonly [ServiceName, string, string, boolean])[] = [
  ['redis', 'redis-data', '/data', true],
  ['mpd-user', 'music-user', '/data/music/user', false],
  ['mpd-user', 'mpd-state', '/data/mpd', true],
  ['mpd-fallback', 'music-fallback', '/data/music/fallback', false],
  ['mpd-fallback', 'mpd-state', '/data/mpd', true],
  ['queue', 'music-user', '/data/music/user', true],
  ['queue', 'music-fallback', '/data/music/fallback', true],
  ['downloader', 'music-user', '/data/music/user', true],
  ['downloader', 'music-fallback', '/data/music/fallback', true],
  // The gateway streams uploads here; the downloader reads and deletes them.
  ['gateway', 'uploads', '/data/tmp/uploads', true],
  ['downloader', 'uploads', '/data/tmp/uploads', true],
];

export const REDIS_IMAGE = 'redis:7.0';

/** Base images a Dockerfile may start from. */
export const PINNED_BASES = ['node:20-bookworm-slim', 'debian:bookworm-slim', 'caddy:2.6'] as const;

/** Debian package -> version pattern it must be pinned to when installed. */
export const APT_PINS: Readonly<Record<string, RegExp>> = {
  mpd: /^0\.23\./,
  liquidsoap: /^2\.1\.3-/,
  icecast2: /^2\.4\.4-/,
  caddy: /^2\.6\.2-/,
  ffmpeg: /^7:5\.1\./,
  'yt-dlp': /^2023\.03\./,
};

/** Debian packages each service's image must install. */
export const SERVICE_PACKAGES: Readonly<Partial<Record<ServiceName, readonly string[]>>> = {
  'mpd-user': ['mpd', 'gettext-base'],
  'mpd-fallback': ['mpd', 'gettext-base'],
  icecast: ['icecast2', 'gettext-base'],
  liquidsoap: ['liquidsoap'],
  // ffmpeg encodes the noise; curl is its healthcheck.
  standby: ['ffmpeg', 'curl'],
  downloader: ['ffmpeg', 'yt-dlp'],
  // Rewrites a library song's tags (PATCH /admin/library/{id}).
  queue: ['ffmpeg'],
};

export type ConfigSyntax = 'envsubst' | 'liquidsoap' | 'caddyfile';

/** Config files the images carry, with the service that reads each. */
export const CONFIG_FILES: readonly {
  service: ServiceName;
  file: string;
  syntax: ConfigSyntax;
}[] = [
  { service: 'mpd-user', file: 'mpd/user.conf.tmpl', syntax: 'envsubst' },
  {
    service: 'mpd-fallback',
    file: 'mpd/fallback.conf.tmpl',
    syntax: 'envsubst',
  },
  {
    service: 'icecast',
    file: 'deploy/icecast/icecast.xml.tmpl',
    syntax: 'envsubst',
  },
  { service: 'liquidsoap', file: 'liquidsoap/radio.liq', syntax: 'liquidsoap' },
  { service: 'caddy', file: 'caddy/Caddyfile', syntax: 'caddyfile' },
];

/**
 * Variables a config must read (any one of each group): in compose the program it talks
 * to runs in another container, so the address cannot be a default or a bind address.
 */
export const CONFIG_READS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'liquidsoap/radio.liq': [['MPD_USER_HOST'], ['MPD_FALLBACK_HOST'], ['ICECAST_HOST'], ['GATEWAY_URL', 'GATEWAY_HOST']],
  'caddy/Caddyfile': [['GATEWAY_HOST', 'GATEWAY_URL'], ['ICECAST_HOST']],
};

/** Entries .dockerignore must carry (build outputs, local state, the secrets file). */
export const DOCKERIGNORED = ['node_modules', 'dist', 'data', '.nx', '.angular', 'tmp', '.env'] as const;

export const ENV_EXAMPLE = 'deploy/docker/.env.example';

/** Where the services' message patterns are defined (the healthchecks send one). */
export const CONTRACTS_DIR = 'libs/contracts/src';
