import { CADDY_GC, redisConnection, type StationEnv, type StationSecretName } from '@h4k/config';

import { httpJson, httpStatus, tcpExchange } from './probes';
import type { StationLayout } from './station-layout';

/** One supervised process of the station, with the check that proves it is up. */
export interface StationProcess {
  name: string;
  command: string;
  args: string[];
  /** Started together; a stage starts once every process of the previous stage is healthy. */
  stage: number;
  healthy: () => Promise<boolean>;
  /** Seconds to wait for health after start. */
  startTimeoutSeconds: number;
  /** The secrets it is given in its environment (none unless named: rendered configs carry the rest). */
  secrets?: readonly StationSecretName[];
  /** Writes JSON lines with their own time (the Nest services): pm2 must not prefix a date. */
  jsonLogs?: boolean;
  /** Settings of this process only (runtime tuning), on top of the shared environment. */
  env?: Record<string, string>;
}

export interface ProcessPlan {
  env: StationEnv;
  layout: StationLayout;
  configs: { mpdUser: string; mpdFallback: string; icecast: string; redis: string };
  /** The unprivileged user every process but Caddy runs as (when the runner is root). */
  runAs: string | undefined;
  /** Source password of Icecast's /standby mount (per start). */
  standbyPassword: string;
  nodeBinary: string;
}

const LOOPBACK = '127.0.0.1';

/**
 * V8 flags of the four Nest services (idle memory, measured with `npm run bench -- station-footprint`).
 * A 1 MiB semi-space caps the young generation, which otherwise grows to 3 × 16 MiB after a burst of
 * requests and stays committed: up to 20–40 MiB less per service, for more (sub-millisecond)
 * scavenges. Not --lite-mode or --jitless: both turn WebAssembly off, which Node's fetch (undici's
 * llhttp) needs; the gateway failed to start with either.
 */
export const NODE_SERVICE_FLAGS = ['--max-semi-space-size=1'] as const;

/**
 * Liquidsoap's OCaml GC: a major collection is due when the free heap reaches 40 % of the live one
 * (OCaml 4.13's default is 120 %): 25–35 MiB less RSS.
 */
export const LIQUIDSOAP_GC = 'o=40';

/** With REDIS_URL the station uses that (managed) Redis and starts none of its own. */
export function stationProcesses(plan: ProcessPlan): StationProcess[] {
  const processes = allStationProcesses(plan);
  return plan.env.REDIS_URL === undefined ? processes : processes.filter((process) => process.name !== 'redis');
}

function allStationProcesses(plan: ProcessPlan): StationProcess[] {
  const { env, layout, configs } = plan;
  const mpdGreets = (port: number) => async () =>
    /^OK MPD/.test(await tcpExchange(env.MPD_USER_HOST, port, { done: /\n/ }));
  const as = (command: string, args: string[]) => runAs(plan.runAs, command, args);
  const nodeApp = (name: string): StationProcess => ({
    name,
    ...as(plan.nodeBinary, [...NODE_SERVICE_FLAGS, `${layout.repoRoot}/dist/apps/${name}/main.js`]),
    stage: 3,
    jsonLogs: true,
    healthy: async () => true,
    startTimeoutSeconds: 30,
    // Every Nest service reaches Redis; only the gateway checks tokens (the downloader, which parses
    // hostile media, never holds a token secret).
    secrets:
      name === 'gateway' ? ['REDIS_PASSWORD', 'ADMIN_API_TOKEN', 'LIQUIDSOAP_TOKEN', 'JWT_SECRET'] : ['REDIS_PASSWORD'],
    // A managed Redis's URL can hold its password: the Nest services get it, nothing else does.
    ...(env.REDIS_URL !== undefined && { env: { REDIS_URL: env.REDIS_URL } }),
  });

  return [
    {
      name: 'redis',
      ...as('redis-server', [
        configs.redis,
        '--port',
        String(env.REDIS_PORT),
        '--bind',
        LOOPBACK,
        '--dir',
        layout.redisDir,
        // State that must survive a kill -9 (queue, quotas, live slot, DJ time): at most ~1 s lost.
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--daemonize',
        'no',
        '--protected-mode',
        'yes',
      ]),
      stage: 0,
      healthy: async () => {
        // Its own Redis (no REDIS_URL), reached as every service reaches it.
        const redis = redisConnection(env);
        return /\+PONG/.test(
          await tcpExchange(redis.host, redis.port, {
            send: `${redis.password ? `AUTH "${redis.password}"\r\n` : ''}PING\r\n`,
            done: /PONG\r\n|^-|\r\n-/,
          }),
        );
      },
      startTimeoutSeconds: 20,
    },
    {
      name: 'mpd-user',
      ...as('mpd', ['--no-daemon', '--stderr', configs.mpdUser]),
      stage: 1,
      healthy: mpdGreets(env.MPD_USER_PORT),
      startTimeoutSeconds: 20,
    },
    {
      name: 'mpd-fallback',
      ...as('mpd', ['--no-daemon', '--stderr', configs.mpdFallback]),
      stage: 1,
      healthy: mpdGreets(env.MPD_FALLBACK_PORT),
      startTimeoutSeconds: 20,
    },
    {
      name: 'icecast',
      command: 'icecast2',
      args: ['-c', configs.icecast],
      stage: 1,
      healthy: async () => (await httpStatus(`http://${env.ICECAST_HOST}:${env.ICECAST_PORT}/status-json.xsl`)) === 200,
      startTimeoutSeconds: 20,
    },
    {
      name: 'liquidsoap',
      ...as('liquidsoap', [`${layout.repoRoot}/liquidsoap/radio.liq`]),
      secrets: ['LIQUIDSOAP_TOKEN', 'ICECAST_SOURCE_PASSWORD'],
      env: { OCAMLRUNPARAM: LIQUIDSOAP_GC },
      stage: 2,
      healthy: async () =>
        /END/.test(
          await tcpExchange(env.LIQUIDSOAP_HOST, env.LIQUIDSOAP_TELNET_PORT, {
            send: 'uptime\r\n',
            done: /END\r?\n/,
          }),
        ),
      startTimeoutSeconds: 60,
    },
    {
      // Keeps listeners connected while Liquidsoap restarts: Icecast moves them from /radio to
      // /standby and from /radio.mp3 to /standby.mp3 (fallback-override), and back. Quiet pink noise
      // (about -43 dBFS): audible, not loud. One ffmpeg, two outputs: one noise source and one
      // process for both mounts (an MP3 output costs ~1 MiB more than the Opus one alone).
      name: 'standby',
      ...as(env.FFMPEG_PATH, [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-re'],
        ...['-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.05:sample_rate=48000'],
        ...['-ac', '2', '-c:a', 'libopus', '-b:a', '32k', '-content_type', 'audio/ogg', '-f', 'ogg'],
        `icecast://standby:${plan.standbyPassword}@${env.ICECAST_HOST}:${env.ICECAST_PORT}/standby`,
        ...['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '64k', '-content_type', 'audio/mpeg', '-f', 'mp3'],
        `icecast://standby:${plan.standbyPassword}@${env.ICECAST_HOST}:${env.ICECAST_PORT}/standby.mp3`,
      ]),
      stage: 2,
      // A hidden mount is not in Icecast's status page: it is up when it answers a listener.
      healthy: async () =>
        (
          await Promise.all(
            ['/standby', '/standby.mp3'].map((mount) =>
              httpStatus(`http://${env.ICECAST_HOST}:${env.ICECAST_PORT}${mount}`),
            ),
          )
        ).every((status) => status === 200),
      startTimeoutSeconds: 20,
    },
    nodeApp('queue'),
    nodeApp('downloader'),
    nodeApp('livestream'),
    {
      ...nodeApp('gateway'),
      // Ready when it and what it depends on are up; off air (noise, e.g. an empty fallback) and a
      // nearly full disk (new songs refused, recording paused) are the station's state, not a failed start.
      healthy: async () => {
        const { status, body } = await httpJson<{ details?: Record<string, { status?: string }> }>(
          `http://${env.GATEWAY_HOST}:${env.GATEWAY_PORT}/health`,
        );
        const down = Object.entries(body.details ?? {}).filter(([, part]) => part.status !== 'up');
        return (
          status === 200 ||
          (status === 503 && down.length > 0 && down.every(([name]) => ['on_air', 'disk', 'recordings'].includes(name)))
        );
      },
      startTimeoutSeconds: 60,
    },
    {
      name: 'caddy',
      command: 'caddy',
      args: ['run', '--config', `${layout.repoRoot}/caddy/Caddyfile`, '--adapter', 'caddyfile'],
      env: { ...CADDY_GC },
      stage: 4,
      // With a domain, plain HTTP answers with the redirect to HTTPS.
      healthy: async () =>
        (await httpStatus(`http://${LOOPBACK}:${env.HTTP_PORT}/api/now-playing`)) === (env.H4K_DOMAIN ? 308 : 200),
      startTimeoutSeconds: 20,
    },
  ];
}

/** The mounts Icecast has a source for right now. */
export async function icecastMounts(env: StationEnv): Promise<string[]> {
  const { body } = await httpJson<{ icestats?: { source?: unknown } }>(
    `http://${env.ICECAST_HOST}:${env.ICECAST_PORT}/status-json.xsl`,
  );
  return ([body.icestats?.source ?? []].flat() as { listenurl?: string }[]).map(
    (source) => new URL(source.listenurl ?? 'http://x/').pathname,
  );
}

/**
 * Icecast is started as root and drops to the user itself after binding (changeowner);
 * Caddy keeps root for port 80; everything else starts as the service user.
 */
function runAs(user: string | undefined, command: string, args: string[]): { command: string; args: string[] } {
  if (!user) return { command, args };
  return {
    command: 'setpriv',
    args: [`--reuid=${user}`, `--regid=${user}`, '--init-groups', command, ...args],
  };
}
