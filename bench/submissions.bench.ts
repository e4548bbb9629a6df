import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { DOWNLOAD_QUEUE } from '@h4k/contracts';
import { eventually, type OwnedProcess, startProcess, writeTone } from '@h4k/testing';
import { Listener, MediaServer, songReached, TestStation } from '@h4k/testing/station';
import { Queue } from 'bullmq';

/**
 * Listener submissions through the whole station (gateway → downloader → queue → user MPD), songs
 * served by a local HTTP server. Prints: seconds from submit to `queued` for a 3-minute song by link
 * (download included) and by upload (the upload itself timed apart), the loudness of two very
 * different songs after normalisation, and how 20 submissions split over two downloader instances.
 */
const run = promisify(execFile);

/** Integrated loudness as played: with the file's ReplayGain track gain applied (as MPD does). */
async function loudness(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream_tags', '-of', 'json', path]);
  const tags = (JSON.parse(stdout) as { streams?: { tags?: Record<string, string> }[] }).streams?.[0]?.tags ?? {};
  const gain = Object.entries(tags).find(([key]) => key.toLowerCase() === 'replaygain_track_gain')?.[1] ?? '0';
  const filters = `volume=${parseFloat(gain) || 0}dB,ebur128=framelog=verbose`;
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', path, '-af', filters, '-f', 'null', '-']);
  return Number(/Integrated loudness:\s+I:\s+(-?[\d.]+) LUFS/.exec(stderr)?.[1]);
}

async function accepted(response: Response): Promise<string> {
  if (response.status !== 202) throw new Error(`submission refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function main(): Promise<void> {
  const media = await MediaServer.start();
  await writeTone(join(media.dir, 'three-minutes.ogg'), 440, 180, 'Three Minutes');
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
    ...['-i', 'anoisesrc=color=pink:amplitude=0.03:duration=180:sample_rate=44100', '-c:a', 'libvorbis'],
    join(media.dir, 'quiet-noise.ogg'),
  ]);
  const station = await TestStation.start(media, {
    MAX_SONG_SECONDS: '900',
    MAX_DOWNLOAD_BYTES: String(100 * 1024 * 1024),
  });
  let second: OwnedProcess | undefined;
  const jobs = new Queue(DOWNLOAD_QUEUE, { connection: { host: '127.0.0.1', port: station.ports.redis } });
  try {
    const admin = { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' };
    // Held, so the songs stay queued (and their files on disk) while they are measured.
    await fetch(station.url('/api/admin/pause?playlist=user'), { method: 'POST', headers: admin });
    const listener = await Listener.mint(station, { max_queue_songs: 50 });

    let started = Date.now();
    const byLink = await accepted(await listener.addLink({ url: station.mediaLink('three-minutes.ogg') }));
    const acceptMs = Date.now() - started;
    await songReached(station, byLink, ['queued']);
    const linkSeconds = (Date.now() - started) / 1000;

    started = Date.now();
    const response = await listener.upload(station.mediaFile('three-minutes.ogg'), { title: 'Three Minutes (upload)' });
    const uploadSeconds = (Date.now() - started) / 1000;
    const byUpload = await accepted(response);
    const afterUpload = Date.now();
    await songReached(station, byUpload, ['queued']);
    const uploadToQueued = (Date.now() - afterUpload) / 1000;

    const quiet = await accepted(await listener.addLink({ url: station.mediaLink('quiet-noise.ogg') }));
    await songReached(station, quiet, ['queued']);
    const userDir = join(station.dataDir, 'music', 'user');
    const loudTone = await loudness(join(userDir, `${byLink}.ogg`));
    const quietNoise = await loudness(join(userDir, `${quiet}.ogg`));
    const sourceQuiet = await loudness(station.mediaFile('quiet-noise.ogg'));
    const sourceTone = await loudness(station.mediaFile('three-minutes.ogg'));

    // A second downloader beside the station's, as a bigger station would scale out.
    const secrets = Object.fromEntries(
      readFileSync(join(station.dataDir, 'secrets.env'), 'utf8')
        .split('\n')
        .flatMap((line) => (/^([A-Z_]+)=(.*)$/.exec(line) ? [line.split(/=(.*)/s).slice(0, 2)] : [])),
    ) as Record<string, string>;
    second = startProcess('node', ['dist/apps/downloader/main.js'], {
      ...secrets,
      H4K_DATA_DIR: station.dataDir,
      REDIS_PORT: String(station.ports.redis),
      ADMIN_API_TOKEN: station.adminToken,
      LIQUIDSOAP_TOKEN: station.liquidsoapToken,
      DOWNLOAD_ALLOWED_HOSTS: media.host,
      HOSTNAME: 'second-downloader',
    });
    await eventually('second downloader up', () => second?.log.includes('listening on redis') ?? false, 30_000);
    started = Date.now();
    const ids: string[] = [];
    for (let index = 0; index < 20; index++) {
      const link = `${station.mediaLink('tone-660.ogg')}?n=${index}`;
      ids.push(
        await accepted(
          await fetch(station.url('/api/admin/queue/add'), {
            method: 'POST',
            headers: admin,
            body: JSON.stringify({ url: link }),
          }),
        ),
      );
    }
    for (const id of ids) await songReached(station, id, ['queued']);
    const twentySeconds = (Date.now() - started) / 1000;
    const perWorker = new Map<string, number>();
    for (const id of ids) {
      const worker = String(((await jobs.getJob(id))?.returnvalue as { worker?: string } | undefined)?.worker);
      const name = worker.startsWith('second-downloader') ? 'second instance' : 'station instance';
      perWorker.set(name, (perWorker.get(name) ?? 0) + 1);
    }

    console.log(
      `3-minute song by link, submit → queued (download included): ${linkSeconds.toFixed(1)} s (202 after ${acceptMs} ms)`,
    );
    console.log(
      `3-minute song by upload: upload request ${uploadSeconds.toFixed(2)} s, then 202 → queued (download excluded): ${uploadToQueued.toFixed(1)} s`,
    );
    console.log(
      `loudness, ffmpeg ebur128 (source → normalised): loud tone ${sourceTone} → ${loudTone} LUFS, quiet pink noise ${sourceQuiet} → ${quietNoise} LUFS`,
    );
    console.log(
      `20 submissions (8 s songs) on two downloader instances: ${JSON.stringify(Object.fromEntries(perWorker))}, all queued after ${twentySeconds.toFixed(1)} s`,
    );
  } finally {
    await jobs.close();
    await second?.stop('SIGTERM', 10_000);
    await station.stop();
    await media.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
