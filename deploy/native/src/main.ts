import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

import { gatewayUrl, loadStationEnv, STATION_SECRET_NAMES, type StationEnv } from '@h4k/config';

import { ensureStarterTracks } from './fallback-tracks';
import { LogRotation } from './log-rotation';
import { openFilesWarning } from './open-files';
import { waitFor } from './probes';
import { renderTemplate } from './render-template';
import { RestartCounter } from './restart-counter';
import { serviceCommand } from './service-command';
import { chownTree, ensureServiceUser, grantTraversal, restrictTo, type ServiceAccount } from './service-user';
import { serviceWritableDirs, type StationLayout, stationLayout } from './station-layout';
import { icecastMounts, stationProcesses } from './station-processes';
import { loadOrCreateSecrets } from './station-secrets';
import { Supervisor } from './supervisor';
import { keepYtdlpCurrent } from './ytdlp-updater';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const repoRoot = resolve(__dirname, '../../..');
  const layout = stationLayout(repoRoot, process.env['H4K_DATA_DIR'] ?? './data');
  for (const dir of directoriesOf(layout)) mkdirSync(dir, { recursive: true });

  const secrets = loadOrCreateSecrets(layout.secretsFile, process.env);
  const baseEnv = {
    ...stringEnv(process.env),
    ...secrets,
    H4K_DATA_DIR: layout.dataDir,
  };
  const env = loadStationEnv(baseEnv);
  const openFiles = openFilesWarning(env.MAX_LISTENERS);
  if (openFiles) log(openFiles);
  // Only the runner's own standby encoder uses it: a fresh one every start, never stored.
  const standbyPassword = randomBytes(24).toString('hex');
  // As root, everything but Caddy runs as an unprivileged system user (created on first start).
  const account = process.getuid?.() === 0 ? ensureServiceUser() : undefined;
  const childEnv = { ...baseEnv, ...derivedEnv(env, layout, account), ICECAST_STANDBY_PASSWORD: standbyPassword };
  // What every process sees: no secret at all; each gets only the secrets it names (station-processes.ts).
  const publicEnv = Object.fromEntries(
    Object.entries(childEnv).filter(
      ([name]) =>
        !(STATION_SECRET_NAMES as readonly string[]).includes(name) &&
        name !== 'ICECAST_STANDBY_PASSWORD' &&
        name !== 'REDIS_URL',
    ),
  );

  const configs = {
    mpdUser: renderInto(layout, 'mpd/user.conf.tmpl', 'mpd-user.conf', childEnv),
    mpdFallback: renderInto(layout, 'mpd/fallback.conf.tmpl', 'mpd-fallback.conf', childEnv),
    icecast: renderInto(layout, 'deploy/icecast/icecast.xml.tmpl', 'icecast.xml', childEnv),
    // In a file, not on the command line where `ps` would show it.
    redis: writePrivate(join(layout.runDir, 'redis.conf'), `requirepass "${secrets.REDIS_PASSWORD}"\n`),
  };
  const generated = await ensureStarterTracks(layout.musicFallback, env.FFMPEG_PATH, env.H4K_STARTER_TRACK_SECONDS);
  if (generated > 0) log(`Generated ${generated} starter tracks in ${layout.musicFallback}`);
  if (account) {
    handOverToServiceUser(layout, account, configs);
    log(`Processes run as ${account.name} (Caddy as root, for port ${env.HTTP_PORT})`);
  }

  process.env['PM2_HOME'] = layout.pm2Home;
  routePm2ConsoleTo(join(layout.logDir, 'pm2.log'));
  const restarts = new RestartCounter(env, log);
  const supervisor = new Supervisor(layout.logDir, { public: publicEnv, secrets }, log, (name) => restarts.count(name));
  const rotation = new LogRotation(
    {
      groups: [
        { patterns: [join(layout.logDir, '*.log')] },
        { patterns: [join(layout.icecastLogDir, '*.log')], owner: account?.name },
      ],
      maxBytes: env.LOG_MAX_SIZE_MB * 1024 * 1024,
      keep: env.LOG_KEEP,
      configFile: join(layout.runDir, 'logrotate.conf'),
      stateFile: join(layout.runDir, 'logrotate.state'),
    },
    log,
  );
  rotation.start();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping the station…`);
    await supervisor.stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
    await rotation.stop();
    restarts.close();
    log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const started = Date.now();
  log(`Starting h4kstream from ${layout.dataDir} (logs in ${layout.logDir})`);
  try {
    await supervisor.start(
      stationProcesses({
        env,
        layout,
        configs,
        runAs: account?.name,
        standbyPassword,
        nodeBinary: process.execPath,
      }),
    );
    await waitFor('the /radio mount', () => radioMounted(env), 60_000);
  } catch (error) {
    log(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
    await supervisor.stop().catch(() => undefined);
    process.exit(1);
  }
  printBanner(env, secrets.ADMIN_API_TOKEN, (Date.now() - started) / 1000);
  // After the start, never before it: the station goes on air with whatever yt-dlp is there.
  keepYtdlpCurrent(
    env,
    {
      releaseUrl: env.YTDLP_UPDATE_URL,
      target: layout.ytdlpBuild,
      ...(account && { owner: { uid: 0, gid: 0 }, tryAs: account }),
    },
    log,
  );
}

function derivedEnv(
  env: StationEnv,
  layout: StationLayout,
  account: ServiceAccount | undefined,
): Record<string, string> {
  const ports = Object.fromEntries(
    Object.entries(env)
      .filter(([name, value]) => name.endsWith('_PORT') && typeof value === 'number')
      .map(([name, value]) => [name, String(value)]),
  );
  return {
    ...ports,
    MPD_BIND: '127.0.0.1',
    ICECAST_BIND: env.PUBLIC_BIND_ADDRESS,
    ICECAST_HOSTNAME: process.env['ICECAST_HOSTNAME'] ?? hostname(),
    ICECAST_CHANGEOWNER: account
      ? `<changeowner><user>${account.name}</user><group>${account.name}</group></changeowner>`
      : '',
    MAX_LISTENERS: String(env.MAX_LISTENERS),
    HARBOR_BIND: env.PUBLIC_BIND_ADDRESS,
    // Validated here (libs/config): Liquidsoap gets the checked number, not whatever was set.
    LIVE_SILENCE_SECONDS: String(env.LIVE_SILENCE_SECONDS),
    RECORDINGS_DIR: layout.recordingsDir,
    GATEWAY_URL: gatewayUrl(env),
    ADMIN_DIST_DIR: layout.adminDist,
    NOW_PLAYING_DIR: layout.publicDir,
    NOW_PLAYING_FILE: join(layout.publicDir, 'now-playing.json'),
    H4K_SITE_ADDRESS: env.H4K_DOMAIN ?? `http://:${env.HTTP_PORT}`,
    XDG_DATA_HOME: layout.caddyDir,
    XDG_CONFIG_HOME: layout.caddyDir,
    // root's HOME is not the service user's to write (yt-dlp's cache, Node's REPL history…).
    ...(account && { HOME: layout.homeDir }),
  };
}

/**
 * The data dir stays root's (so the services cannot swap the secrets file); what the services
 * write becomes theirs; rendered configs with passwords stay readable by their reader only; and
 * the service user may pass through the directories above the checkout and the data dir, even
 * in root's home (0700).
 */
function handOverToServiceUser(
  layout: StationLayout,
  account: ServiceAccount,
  configs: { mpdUser: string; mpdFallback: string; icecast: string; redis: string },
): void {
  const root = { uid: 0, gid: 0 };
  for (const dir of [layout.dataDir, layout.runDir]) {
    chownSync(dir, 0, account.gid);
    chmodSync(dir, 0o750);
  }
  for (const dir of [layout.logDir, layout.pm2Home, layout.caddyDir]) chmodSync(dir, 0o700);
  for (const dir of serviceWritableDirs(layout)) chownTree(dir, account);
  restrictTo(layout.secretsFile, root);
  restrictTo(configs.icecast, root); // read by Icecast before it drops to the service user
  restrictTo(configs.mpdUser, account);
  restrictTo(configs.mpdFallback, account);
  restrictTo(configs.redis, account);
  grantTraversal([layout.repoRoot, layout.dataDir], account);
}

function renderInto(layout: StationLayout, template: string, output: string, values: Record<string, string>): string {
  return writePrivate(
    join(layout.runDir, output),
    renderTemplate(readFileSync(join(layout.repoRoot, template), 'utf8'), values),
  );
}

function writePrivate(target: string, text: string): string {
  writeFileSync(target, text, { mode: 0o600 });
  chmodSync(target, 0o600); // an older start may have left it world-readable
  return target;
}

async function radioMounted(env: StationEnv): Promise<boolean> {
  return (await icecastMounts(env)).includes('/radio');
}

function printBanner(env: StationEnv, adminTokens: string, seconds: number): void {
  const host = env.PUBLIC_BIND_ADDRESS === '0.0.0.0' ? hostname() : env.PUBLIC_BIND_ADDRESS;
  const web = env.H4K_DOMAIN
    ? `https://${env.H4K_DOMAIN}${env.HTTPS_PORT === 443 ? '' : `:${env.HTTPS_PORT}`}`
    : env.HTTP_PORT === 80
      ? `http://${host}`
      : `http://${host}:${env.HTTP_PORT}`;
  log('');
  log(`h4kstream on air after ${seconds.toFixed(1)} s`);
  log(`  Listen:        ${web}/radio   (or http://${host}:${env.ICECAST_PORT}/radio)`);
  log(`  Control panel: ${web}/`);
  log(`  API docs:      http://127.0.0.1:${env.GATEWAY_PORT}/api/docs`);
  log(`  DJ harbor:     icecast://source:<livestream token>@${host}:${env.HARBOR_PORT}/live`);
  log(`  Admin token:   ${adminTokens.split(',')[0]}`);
  log('Press Ctrl-C to stop.');
}

function directoriesOf(layout: StationLayout): string[] {
  return [
    layout.musicUser,
    layout.musicFallback,
    layout.mpdUserState,
    layout.mpdFallbackState,
    layout.redisDir,
    layout.icecastLogDir,
    layout.caddyDir,
    layout.tmpDir,
    layout.recordingsDir,
    layout.publicDir,
    layout.homeDir,
    layout.logDir,
    layout.runDir,
    layout.pm2Home,
  ];
}

/** pm2's in-process daemon logs through console.*: keep that in a file, not on the station's terminal. */
function routePm2ConsoleTo(file: string): void {
  const pm2Log = createWriteStream(file, { flags: 'a' });
  const write = (...parts: unknown[]) => pm2Log.write(`${parts.map(String).join(' ')}\n`);
  console.log = write;
  console.info = write;
  console.warn = write;
  console.error = write;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

if (process.argv[2] === 'service') {
  process.exitCode = serviceCommand(process.argv.slice(3), resolve(__dirname, '../../..'), log);
} else {
  void main().catch((error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
