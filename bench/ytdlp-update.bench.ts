import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { eventually } from '@h4k/testing';
import { MediaServer, songReached, TestStation } from '@h4k/testing/station';

/**
 * The yt-dlp updater on a whole station, offline: a release server on loopback whose `yt-dlp_linux`
 * is Debian's yt-dlp behind a new version number and the `--js-runtimes` option (the real build needs
 * the internet to be of any use). Prints: seconds to air while the release server never answers, and
 * when the runner gives up; seconds to air with a release to install, from air to installed, and a
 * link from submit to queued through the installed build, with what the downloader passed it.
 */
const STAND_IN = `#!/bin/sh
# Debian's yt-dlp as a 2099 build that knows --js-runtimes (dropped before Debian's sees it).
if [ "$2" = --version ]; then echo 2099.01.01; exit 0; fi
if [ "$2" = --help ]; then /usr/bin/yt-dlp --no-config --help; echo "  --js-runtimes RUNTIME[:PATH]  JS runtime"; exit 0; fi
printf '%s\\n' "$*" >> "$(dirname "$0")/../tmp/yt-dlp-calls.log"
skip=0
for arg in "$@"; do
  shift
  if [ $skip = 1 ]; then skip=0; continue; fi
  if [ "$arg" = --js-runtimes ]; then skip=1; continue; fi
  set -- "$@" "$arg"
done
exec /usr/bin/yt-dlp "$@"
`;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/download`;
}

async function secondsUntil(station: TestStation, pattern: RegExp, timeoutMs: number): Promise<string> {
  const started = Date.now();
  await eventually(`runner log ${String(pattern)}`, () => pattern.test(station.runner.log), timeoutMs);
  const line = station.runner.log.split('\n').find((text) => pattern.test(text)) ?? '';
  return `${((Date.now() - started) / 1000).toFixed(1)} s after air: ${line}`;
}

async function ytdlpHealth(station: TestStation): Promise<string> {
  const response = await fetch(station.gatewayUrl('/health'), {
    headers: { Authorization: `Bearer ${station.adminToken}` },
  });
  const body = (await response.json()) as { details: Record<string, { status: string; detail?: string }> };
  return JSON.stringify(body.details['yt-dlp']);
}

async function main(): Promise<void> {
  // 1. A release server that accepts and never answers: the start must not wait for it.
  const silent = createServer(() => undefined);
  let station = await TestStation.start(undefined, { YTDLP_UPDATE_URL: await listen(silent) });
  try {
    console.log(`release server silent:   on air after ${station.startSeconds.toFixed(1)} s`);
    console.log(`  update given up        ${await secondsUntil(station, /yt-dlp: update failed/, 30_000)}`);
    console.log(`  /health yt-dlp         ${await ytdlpHealth(station)}`);
  } finally {
    await station.stop();
    silent.closeAllConnections();
    silent.close();
  }

  // 2. A release to install, then a link downloaded through it.
  const digest = createHash('sha256').update(STAND_IN).digest('hex');
  const release = createServer((request, response) => {
    if (request.url?.endsWith('/SHA2-256SUMS')) return void response.end(`${digest}  yt-dlp_linux\n`);
    if (request.url?.endsWith('/yt-dlp_linux')) return void response.end(STAND_IN);
    response.writeHead(404).end();
  });
  const media = await MediaServer.start();
  station = await TestStation.start(media, { YTDLP_UPDATE_URL: await listen(release) });
  try {
    console.log(`release to install:      on air after ${station.startSeconds.toFixed(1)} s`);
    console.log(`  installed              ${await secondsUntil(station, /yt-dlp: installed/, 60_000)}`);
    const build = join(station.dataDir, 'bin', 'yt-dlp');
    const stat = statSync(build);
    console.log(`  ${build}: uid ${stat.uid}, mode ${(stat.mode & 0o777).toString(8)}`);
    console.log(`  /health yt-dlp         ${await ytdlpHealth(station)}`);
    const started = Date.now();
    const submitted = await fetch(station.url('/api/admin/queue/add'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: station.mediaLink('tone-660.ogg') }),
    });
    if (submitted.status !== 202) throw new Error(`link refused: ${submitted.status} ${await submitted.text()}`);
    const { id } = (await submitted.json()) as { id: string };
    // It may go on air at once: the user playlist is empty.
    await songReached(station, id, ['queued', 'playing', 'played'], 120_000);
    console.log(
      `  link submit → queued/on air  ${((Date.now() - started) / 1000).toFixed(1)} s through the installed build`,
    );
    const calls = readFileSync(join(station.dataDir, 'tmp', 'yt-dlp-calls.log'), 'utf8')
      .trim()
      .split('\n');
    console.log(
      `  yt-dlp runs            ${calls.length}, each with --js-runtimes: ${calls.every((call) => / --js-runtimes node:\//.test(call))}`,
    );
    console.log(`  e.g.                   ${calls[0]?.replace(/http:\/\/[^@ ]+@/g, 'http://…@') ?? ''}`);
  } finally {
    await station.stop();
    await media.stop();
    release.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
