import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { type MediaServer, STATION_LIMITS } from './media-server';
import { freePort, type OwnedProcess, startProcess, tempDir } from './processes';

/**
 * Per-address limits of the e2e station. The suite sends its own traffic, wrong tokens on purpose
 * included, from 127.0.0.1 for its whole run: the failure maximum and the request ceiling are raised
 * above that, and so is the stream cap. limits.e2e.spec.ts attacks from other loopback addresses with these numbers.
 */
export const E2E_LIMITS = {
  authFailuresMax: 100,
  ratePerMinute: 5000,
  uploadIdleSeconds: 3,
  // Through Caddy a closed stream's slot is freed only when Caddy notices the client left (~30 s).
  sseStreamsPerAddress: 40,
} as const;

/** A DJ sending silence goes off air after this (production default 10 s): short enough for a test. */
export const E2E_LIVE_SILENCE_SECONDS = 3;

/** Every process the runner supervises, by its pm2 name (deploy/native/src/station-processes.ts). */
export const STATION_PROCESSES = [
  'redis',
  'mpd-user',
  'mpd-fallback',
  'icecast',
  'liquidsoap',
  'standby',
  'queue',
  'downloader',
  'livestream',
  'gateway',
  'caddy',
] as const;

export interface StationPorts {
  http: number;
  gateway: number;
  redis: number;
  mpdUser: number;
  mpdUserHttp: number;
  mpdFallback: number;
  mpdFallbackHttp: number;
  liquidsoapTelnet: number;
  harbor: number;
  icecast: number;
  /** Not the station's: a port specs may listen on for webhook deliveries (on the station's allow-list). */
  webhookReceiver: number;
}

/**
 * The real station, started by the same runner `npm start` uses, on free test ports and its own
 * data dir, so it runs beside a station on the default ports.
 */
export interface StationInfo {
  ports: StationPorts;
  dataDir: string;
  adminToken: string;
  liquidsoapToken: string;
  redisPassword: string;
  startSeconds: number;
  /** The local media server the station may download from (see media-server.ts), and its files on disk. */
  media?: { url: string; dir: string };
}

/** What specs see of the one shared station: its addresses and files (the runner lives in global setup). */
export class StationView implements StationInfo {
  readonly ports: StationPorts;
  readonly dataDir: string;
  readonly adminToken: string;
  readonly liquidsoapToken: string;
  readonly redisPassword: string;
  readonly startSeconds: number;
  readonly media?: { url: string; dir: string };

  constructor(info: StationInfo) {
    this.ports = info.ports;
    this.dataDir = info.dataDir;
    this.adminToken = info.adminToken;
    this.liquidsoapToken = info.liquidsoapToken;
    this.redisPassword = info.redisPassword;
    this.startSeconds = info.startSeconds;
    this.media = info.media;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.ports.http}${path}`;
  }

  /**
   * An admin call through Caddy (`path` under /api, e.g. `/admin/livestream`): the JSON answer, or an
   * error naming the status and body. `timeoutMs` bounds a call to a station that may be down.
   */
  async admin<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object, timeoutMs?: number): Promise<T> {
    const response = await fetch(this.url(`/api${path}`), {
      method,
      headers: { Authorization: `Bearer ${this.adminToken}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
      signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  gatewayUrl(path: string): string {
    return `http://127.0.0.1:${this.ports.gateway}${path}`;
  }

  icecastUrl(path: string): string {
    return `http://127.0.0.1:${this.ports.icecast}${path}`;
  }

  /** A link to a file of the local media server. */
  mediaLink(name: string): string {
    return `${this.mediaServer().url}/${name}`;
  }

  /** The same file on disk, for uploads. */
  mediaFile(name: string): string {
    return join(this.mediaServer().dir, name);
  }

  private mediaServer(): { url: string; dir: string } {
    if (!this.media) throw new Error('this station was started without a media server');
    return this.media;
  }

  /** PID of a supervised process, from pm2's pid files. */
  pidOf(name: string): number {
    const dir = join(this.dataDir, 'pm2/pids');
    const file = readdirSync(dir).find((entry) => entry.startsWith(`${name}-`) && entry.endsWith('.pid'));
    if (!file) throw new Error(`no pid file for ${name} in ${dir}`);
    return Number(readFileSync(join(dir, file), 'utf8').trim());
  }

  logOf(name: string): string {
    return readFileSync(join(this.dataDir, 'logs', `${name}.log`), 'utf8');
  }
}

export class TestStation extends StationView {
  private constructor(
    info: StationInfo,
    readonly runner: OwnedProcess,
  ) {
    super(info);
  }

  /**
   * `env` overrides the test settings (e.g. a bench's longer MAX_SONG_SECONDS). `cgroupProcs`, a
   * cgroup's `cgroup.procs` file: the runner joins that cgroup before it starts anything, so every
   * process of the station is in it (a bench's memory cap).
   */
  static async start(
    media?: MediaServer,
    env: Record<string, string> = {},
    timeoutMs = 240_000,
    cgroupProcs?: string,
  ): Promise<TestStation> {
    const ports: StationPorts = {
      http: await freePort(),
      gateway: await freePort(),
      redis: await freePort(),
      mpdUser: await freePort(),
      mpdUserHttp: await freePort(),
      mpdFallback: await freePort(),
      mpdFallbackHttp: await freePort(),
      liquidsoapTelnet: await freePort(),
      harbor: await freePort(),
      icecast: await freePort(),
      webhookReceiver: await freePort(),
    };
    const { checkout, dataDir } = privateCheckout(resolve(__dirname, '../../../..'));
    const adminToken = 'e2e-admin-token-0123456789';
    const liquidsoapToken = 'e2e-liquidsoap-token-0123456789';
    const redisPassword = 'e2e-redis-password-0123456789';
    const started = Date.now();
    // The runner's flags as deploy/native/start.sh gives them.
    const runnerCommand = ['node', '--max-semi-space-size=1', join(checkout, 'dist/deploy/native/main.js')];
    const [command, ...args] = cgroupProcs
      ? ['sh', '-c', 'echo $$ > "$0" && exec "$@"', cgroupProcs, ...runnerCommand]
      : runnerCommand;
    const runner = startProcess(command ?? 'node', args, {
      H4K_DATA_DIR: dataDir,
      PUBLIC_BIND_ADDRESS: '127.0.0.1',
      ICECAST_HOSTNAME: '127.0.0.1',
      HTTP_PORT: String(ports.http),
      GATEWAY_PORT: String(ports.gateway),
      REDIS_PORT: String(ports.redis),
      MPD_USER_PORT: String(ports.mpdUser),
      MPD_USER_HTTP_PORT: String(ports.mpdUserHttp),
      MPD_FALLBACK_PORT: String(ports.mpdFallback),
      MPD_FALLBACK_HTTP_PORT: String(ports.mpdFallbackHttp),
      LIQUIDSOAP_TELNET_PORT: String(ports.liquidsoapTelnet),
      HARBOR_PORT: String(ports.harbor),
      ICECAST_PORT: String(ports.icecast),
      ADMIN_API_TOKEN: adminToken,
      LIQUIDSOAP_TOKEN: liquidsoapToken,
      REDIS_PASSWORD: redisPassword,
      H4K_STARTER_TRACK_SECONDS: '12',
      AUTH_FAILURES_MAX: String(E2E_LIMITS.authFailuresMax),
      RATE_LIMIT_PER_MINUTE: String(E2E_LIMITS.ratePerMinute),
      UPLOAD_IDLE_SECONDS: String(E2E_LIMITS.uploadIdleSeconds),
      LIVE_SILENCE_SECONDS: String(E2E_LIVE_SILENCE_SECONDS),
      SSE_STREAMS_PER_ADDRESS: String(E2E_LIMITS.sseStreamsPerAddress),
      // No test reaches the internet: nothing listens there, so the runner logs a failed update and carries on.
      YTDLP_UPDATE_URL: 'http://127.0.0.1:9/yt-dlp-release',
      DOWNLOAD_ALLOWED_HOSTS: [media?.host, `127.0.0.1:${ports.webhookReceiver}`].filter(Boolean).join(','),
      ...(media && {
        MAX_SONG_SECONDS: String(STATION_LIMITS.maxSongSeconds),
        MAX_DOWNLOAD_BYTES: String(STATION_LIMITS.maxDownloadBytes),
      }),
      ...env,
    });
    const deadline = Date.now() + timeoutMs;
    while (!runner.log.includes('on air after')) {
      if (!runner.running) throw new Error(`station runner exited:\n${runner.log}\n${tailLogs(dataDir)}`);
      if (Date.now() > deadline) {
        await runner.stop('SIGINT', 20_000);
        throw new Error(`station not on air after ${timeoutMs / 1000} s:\n${runner.log}\n${tailLogs(dataDir)}`);
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    const info = {
      ports,
      dataDir,
      adminToken,
      liquidsoapToken,
      redisPassword,
      startSeconds: (Date.now() - started) / 1000,
      media: media && { url: media.url, dir: media.dir },
    };
    return new TestStation(info, runner);
  }

  info(): StationInfo {
    return {
      ports: this.ports,
      dataDir: this.dataDir,
      adminToken: this.adminToken,
      liquidsoapToken: this.liquidsoapToken,
      redisPassword: this.redisPassword,
      startSeconds: this.startSeconds,
      media: this.media,
    };
  }

  /** Ctrl-C, as a user would; resolves with the runner's exit code. */
  async stop(): Promise<number | null> {
    await this.runner.stop('SIGINT', 30_000);
    return this.runner.child.exitCode;
  }
}

/** What the runner reads from a checkout once it is built. */
const CHECKOUT_PARTS = ['package.json', 'dist', 'node_modules', 'liquidsoap', 'mpd', 'deploy', 'caddy'];

/**
 * The built checkout, hard-linked (instant, no copy) into a directory of mode 0700 with the data
 * dir beside it: the station must start from a clone in root's home, where nothing else can pass.
 */
export function privateCheckout(repoRoot: string): { privateDir: string; checkout: string; dataDir: string } {
  const privateDir = tempDir('private');
  if ((statSync(privateDir).mode & 0o777) !== 0o700) throw new Error(`${privateDir} is not 0700`);
  const checkout = join(privateDir, 'checkout');
  mkdirSync(checkout, { mode: 0o755 });
  execFileSync('cp', ['-al', ...CHECKOUT_PARTS.map((part) => join(repoRoot, part)), checkout]);
  return { privateDir, checkout, dataDir: join(privateDir, 'station-data') };
}

function tailLogs(dataDir: string): string {
  try {
    const dir = join(dataDir, 'logs');
    return readdirSync(dir)
      .map((file) => `--- ${file}\n${readFileSync(join(dir, file), 'utf8').split('\n').slice(-15).join('\n')}`)
      .join('\n');
  } catch {
    return '(no logs)';
  }
}
