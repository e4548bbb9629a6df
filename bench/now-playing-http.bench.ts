import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { CADDY_GC } from '@h4k/config';
import { eventually, freePort, startProcess, startRedis } from '@h4k/testing';

const run = promisify(execFile);

/**
 * GET /now-playing at 200 concurrent clients (wrk): the built gateway's route, the public
 * /api/now-playing (Caddy serving the file the gateway keeps), and a minimal Node http endpoint
 * returning the same JSON, measured in the same run on the same machine. The minimal endpoint is a
 * process of its own, as every other row's server is: inside this one it shared an event loop with
 * the bench and measured anywhere from 28k to 62k req/s from run to run.
 */
const BARE_NODE_SERVER = `
const body = require('node:fs').readFileSync(process.env.BODY_FILE);
require('node:http')
  .createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
`;
export const CONNECTIONS = 200;
const SECONDS = 15;
/**
 * wrk's threads (`NOW_PLAYING_WRK_THREADS`, default 1). The issue measured with a one-thread
 * generator (its bare endpoint peaked at 14.7k req/s). On this 2-core machine a second wrk thread
 * takes the server's other core, and the p99 then measures the scheduler: 47–99 ms from run to run
 * for the same Caddy, a bare `respond` included (session 9, -t2).
 */
export const WRK_THREADS = Number(process.env['NOW_PLAYING_WRK_THREADS'] ?? 1);

export interface WrkResult {
  requestsPerSecond: number;
  p50: string;
  p99: string;
  errors: string;
}

async function wrk(url: string): Promise<WrkResult> {
  const { stdout } = await run('wrk', [`-t${WRK_THREADS}`, `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', url], {
    timeout: (SECONDS + 30) * 1000,
  });
  const percentile = (p: string) => new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(stdout)?.[1] ?? '?';
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0),
    p50: percentile('50'),
    p99: percentile('99'),
    errors: /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(stdout)?.[0] ?? 'none',
  };
}

export interface NowPlayingHttp {
  jsonBytes: number;
  gatewayRoute: WrkResult;
  /** The public /api/now-playing: Caddy serving the file the gateway keeps. */
  publicFile: WrkResult;
  bareNode: WrkResult;
  bareCaddy: WrkResult;
}

export async function measureNowPlayingHttp(): Promise<NowPlayingHttp> {
  const redis = await startRedis();
  const gatewayPort = await freePort();
  const publicDir = mkdtempSync(join(tmpdir(), 'h4k-bench-public-'));
  const gateway = startProcess('node', [resolve(__dirname, '../dist/apps/gateway/main.js')], {
    NOW_PLAYING_FILE: join(publicDir, 'now-playing.json'),
    REDIS_PORT: String(redis.port),
    GATEWAY_PORT: String(gatewayPort),
    ADMIN_API_TOKEN: 'bench-admin-token-0123456789',
    LIQUIDSOAP_TOKEN: 'bench-liquidsoap-token-0123456789',
    JWT_SECRET: 'bench-jwt-secret-0123456789',
    LOG_LEVEL: 'warn',
  });
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/now-playing`;
  const caddyPort = await freePort();
  const caddy = startProcess(
    'caddy',
    ['run', '--adapter', 'caddyfile', '--config', resolve(__dirname, '../caddy/Caddyfile')],
    {
      H4K_SITE_ADDRESS: `http://:${caddyPort}`,
      HTTP_PORT: String(caddyPort),
      PUBLIC_BIND_ADDRESS: '127.0.0.1',
      GATEWAY_PORT: String(gatewayPort),
      ICECAST_PORT: String(await freePort()),
      ADMIN_DIST_DIR: publicDir,
      NOW_PLAYING_DIR: publicDir,
      XDG_DATA_HOME: publicDir,
      XDG_CONFIG_HOME: publicDir,
      ...CADDY_GC,
    },
  );
  const publicUrl = `http://127.0.0.1:${caddyPort}/api/now-playing`;
  const baselinePort = await freePort();
  let baseline: ReturnType<typeof startProcess> | undefined;
  let bareCaddy: ReturnType<typeof startProcess> | undefined;
  try {
    await eventually('gateway up', async () => (await fetch(gatewayUrl)).ok, 30_000);
    await fetch(`http://127.0.0.1:${gatewayPort}/internal/now-playing`, {
      method: 'POST',
      headers: { Authorization: 'Bearer bench-liquidsoap-token-0123456789', 'Content-Type': 'application/json' },
      body: JSON.stringify({ tier: 'fallback', title: 'Starter tone A (330 Hz)', artist: 'h4kstream' }),
    });
    const body = await (await fetch(gatewayUrl)).text();
    const bodyFile = join(publicDir, 'bare-body.json');
    writeFileSync(bodyFile, body);
    baseline = startProcess(process.execPath, ['-e', BARE_NODE_SERVER], {
      BODY_FILE: bodyFile,
      PORT: String(baselinePort),
    });
    const baselineUrl = `http://127.0.0.1:${baselinePort}/`;
    await eventually('the bare node endpoint', async () => (await fetch(baselineUrl)).ok, 30_000);
    await eventually(
      'Caddy serving the file',
      async () => (await fetch(publicUrl)).headers.has('last-modified'),
      30_000,
    );
    // The edge's own ceiling: the same Caddy answering the same JSON from its config, nothing else.
    const bareCaddyPort = await freePort();
    const bareCaddyfile = join(publicDir, 'Caddyfile.bare');
    writeFileSync(
      bareCaddyfile,
      `{\n\tadmin off\n}\nhttp://:${bareCaddyPort} {\n\tbind 127.0.0.1\n\theader Content-Type application/json\n\trespond ${JSON.stringify(body)} 200\n}\n`,
    );
    bareCaddy = startProcess('caddy', ['run', '--adapter', 'caddyfile', '--config', bareCaddyfile], {
      XDG_DATA_HOME: publicDir,
      XDG_CONFIG_HOME: publicDir,
    });
    const bareCaddyUrl = `http://127.0.0.1:${bareCaddyPort}/`;
    await eventually('the bare Caddy', async () => (await fetch(bareCaddyUrl)).ok, 30_000);

    await wrk(gatewayUrl); // warm-up
    await wrk(publicUrl);
    return {
      jsonBytes: body.length,
      gatewayRoute: await wrk(gatewayUrl),
      publicFile: await wrk(publicUrl),
      bareNode: await wrk(baselineUrl),
      bareCaddy: await wrk(bareCaddyUrl),
    };
  } finally {
    await baseline?.stop();
    await caddy.stop();
    await bareCaddy?.stop();
    await gateway.stop();
    rmSync(publicDir, { recursive: true, force: true });
    await redis.process.stop();
  }
}

async function main(): Promise<void> {
  const result = await measureNowPlayingHttp();
  const rows = [
    ['gateway GET /now-playing', result.gatewayRoute],
    ['Caddy GET /api/now-playing (file)', result.publicFile],
    ['minimal node:http, same JSON', result.bareNode],
    ['bare Caddy respond, same JSON', result.bareCaddy],
  ] as const;
  console.log(`wrk -t${WRK_THREADS} -c${CONNECTIONS} -d${SECONDS}s, ${result.jsonBytes} B of JSON:`);
  for (const [label, row] of rows) {
    console.log(
      `  ${label.padEnd(34)} ${row.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${row.p50.padStart(8)}  p99 ${row.p99.padStart(8)}  errors: ${row.errors}`,
    );
  }
  const perSecond = (row: WrkResult) => row.requestsPerSecond;
  console.log(
    `  ratio: gateway route / bare node ${(perSecond(result.gatewayRoute) / perSecond(result.bareNode)).toFixed(2)}x, ` +
      `public /api/now-playing / bare node ${(perSecond(result.publicFile) / perSecond(result.bareNode)).toFixed(2)}x, ` +
      `public /api/now-playing / bare Caddy ${(perSecond(result.publicFile) / perSecond(result.bareCaddy)).toFixed(2)}x`,
  );
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
