import { gatewayUrl, loadStationEnv, type StationEnv } from '@h4k/config';
import { execFileSync } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureStarterTracks } from './fallback-tracks';
import { httpJson, waitFor } from './probes';
import { renderTemplate } from './render-template';
import { loadOrCreateSecrets } from './station-secrets';
import { stationLayout, type StationLayout } from './station-layout';
import { stationProcesses } from './station-processes';
import { Supervisor } from './supervisor';

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
  const isRoot = process.getuid?.() === 0;
  const childEnv = { ...baseEnv, ...derivedEnv(env, layout, isRoot) };

  const configs = {
    mpdUser: renderInto(layout, 'mpd/user.conf.tmpl', 'mpd-user.conf', childEnv),
    mpdFallback: renderInto(layout, 'mpd/fallback.conf.tmpl', 'mpd-fallback.conf', childEnv),
    icecast: renderInto(layout, 'deploy/icecast/icecast.xml.tmpl', 'icecast.xml', childEnv),
  };
  if (isRoot) {
    // Icecast drops to icecast2 after reading its config: it must reach and write its log dir.
    for (const dir of [layout.dataDir, layout.icecastDir]) chmodSync(dir, 0o755);
    execFileSync('chown', ['-R', 'icecast2:icecast', layout.icecastLogDir]);
  }

  const generated = await ensureStarterTracks(layout.musicFallback, env.FFMPEG_PATH, env.H4K_STARTER_TRACK_SECONDS);
  if (generated > 0) log(`Generated ${generated} starter tracks in ${layout.musicFallback}`);

  process.env['PM2_HOME'] = layout.pm2Home;
  routePm2ConsoleTo(join(layout.logDir, 'pm2.log'));
  const supervisor = new Supervisor(layout.logDir, childEnv, log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping the station…`);
    await supervisor.stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
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
        runAsNobody: isRoot,
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
}

function derivedEnv(env: StationEnv, layout: StationLayout, isRoot: boolean): Record<string, string> {
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
    ICECAST_CHANGEOWNER: isRoot ? '<changeowner><user>icecast2</user><group>icecast</group></changeowner>' : '',
    HARBOR_BIND: env.PUBLIC_BIND_ADDRESS,
    GATEWAY_URL: gatewayUrl(env),
    ADMIN_DIST_DIR: layout.adminDist,
    XDG_DATA_HOME: layout.caddyDir,
    XDG_CONFIG_HOME: layout.caddyDir,
  };
}

function renderInto(layout: StationLayout, template: string, output: string, values: Record<string, string>): string {
  const target = join(layout.runDir, output);
  writeFileSync(target, renderTemplate(readFileSync(join(layout.repoRoot, template), 'utf8'), values));
  return target;
}

async function radioMounted(env: StationEnv): Promise<boolean> {
  const { body } = await httpJson<{ icestats?: { source?: unknown } }>(
    `http://${env.ICECAST_HOST}:${env.ICECAST_PORT}/status-json.xsl`,
  );
  const sources = [body.icestats?.source ?? []].flat() as {
    listenurl?: string;
  }[];
  return sources.some((source) => source.listenurl?.endsWith('/radio'));
}

function printBanner(env: StationEnv, adminTokens: string, seconds: number): void {
  const host = env.PUBLIC_BIND_ADDRESS === '0.0.0.0' ? hostname() : env.PUBLIC_BIND_ADDRESS;
  const web = env.HTTP_PORT === 80 ? `http://${host}` : `http://${host}:${env.HTTP_PORT}`;
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

void main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
