import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { ToneMonitor } from '@h4k/testing';
import { Listener, MediaServer, songReached, TestStation } from '@h4k/testing/station';

/**
 * Ingest of an uploaded song (issue #13 row "3-minute upload: 202 → queued"): seconds from the
 * upload's 202 to `queued` for a 3-minute file with 3 s of silence at each end (5 runs), the length
 * of what was queued, and the loudness heard on the decoded /radio of two songs 20 LU apart.
 */
const run = promisify(execFile);
const RUNS = 5;

async function ffmpeg(args: string[]): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostdin', '-nostats', '-y', ...args]);
  return stderr;
}

/** `seconds` of a tone at `volume` (of full scale) with `pad` s of digital silence before and after. */
async function paddedTone(
  path: string,
  frequency: number,
  volume: number,
  seconds: number,
  pad: number,
): Promise<void> {
  const silence = `anullsrc=r=44100:cl=stereo:d=${pad}`;
  await ffmpeg([
    ...['-loglevel', 'error', '-f', 'lavfi', '-i', silence],
    ...['-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=44100:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', silence],
    '-filter_complex',
    `[1]volume=${volume},aformat=channel_layouts=stereo[tone];[0][tone][2]concat=n=3:v=0:a=1`,
    ...['-c:a', 'libvorbis', '-q:a', '4', '-metadata', `title=tone ${frequency} Hz`, path],
  ]);
}

async function integrated(path: string): Promise<number> {
  const stderr = await ffmpeg(['-i', path, '-af', 'ebur128=framelog=verbose', '-f', 'null', '-']);
  return Number(/I:\s+(-?[\d.]+) LUFS/.exec(stderr.slice(stderr.lastIndexOf('Summary')))?.[1]);
}

async function seconds(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout.trim());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export interface Ingest {
  /** Seconds from the upload's 202 until `queued`, per run. */
  uploadSeconds: number[];
  medianSeconds: number;
  maxSeconds: number;
  queuedFileSeconds: number;
  queuedFileLufs: number;
  /** Integrated loudness of each song as a listener decodes it from /radio. */
  heard: { name: string; sourceLufs: number; heardLufs: number }[];
}

export async function measureIngest(runs = RUNS): Promise<Ingest> {
  const media = await MediaServer.start();
  // Distinct files: the station refuses a song that is already waiting.
  const threes = Array.from({ length: runs }, (_, index) => join(media.dir, `three-minutes-${index}.ogg`));
  for (const [index, path] of threes.entries()) await paddedTone(path, 440 + index * 20, 0.5, 174, 3);
  // Two songs 20 LU apart (pitches none of the fallback's starter tracks use).
  await paddedTone(join(media.dir, 'loud.ogg'), 1200, 6, 30, 1);
  await paddedTone(join(media.dir, 'quiet.ogg'), 900, 0.6, 30, 1);
  const station = await TestStation.start(media, {
    MAX_SONG_SECONDS: '900',
    MAX_DOWNLOAD_BYTES: String(100 * 1024 * 1024),
  });
  const monitor = new ToneMonitor(station.icecastUrl('/radio'));
  try {
    const admin = { Authorization: `Bearer ${station.adminToken}` };
    const post = (path: string) => fetch(station.url(`/api${path}`), { method: 'POST', headers: admin });
    // Held, so the songs stay queued (and their files on disk) while they are measured.
    await post('/admin/pause?playlist=user');
    const listener = await Listener.mint(station, { max_queue_songs: 50 });
    const queued = async (response: Response): Promise<{ id: string; ms: number }> => {
      if (response.status !== 202) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
      const accepted = Date.now();
      const { id } = (await response.json()) as { id: string };
      await songReached(station, id, ['queued']);
      return { id, ms: Date.now() - accepted };
    };

    const times: number[] = [];
    let lastId = '';
    for (let index = 0; index < runs; index++) {
      const { id, ms } = await queued(await listener.upload(threes[index] ?? '', { title: `padded ${index}` }));
      times.push(ms / 1000);
      lastId = id;
    }
    const userDir = join(station.dataDir, 'music', 'user');
    const queuedFile = join(userDir, `${lastId}.ogg`);
    const queuedFileSeconds = await seconds(queuedFile);
    const queuedFileLufs = await integrated(queuedFile);

    // Loudness as heard: clear the held uploads, queue the two songs, play them, decode /radio.
    await post('/admin/queue/clear?playlist=user');
    const heard: Ingest['heard'] = [];
    for (const [name, frequency] of [
      ['loud.ogg', 1200],
      ['quiet.ogg', 900],
    ] as const) {
      const source = await integrated(join(media.dir, name));
      await queued(await listener.upload(join(media.dir, name), { title: name }));
      const since = Date.now();
      await post('/admin/resume?playlist=user');
      await monitor.waitFor(
        `${name} on air`,
        (sample) => Math.abs(sample.frequency - frequency) < frequency * 0.05,
        60_000,
        since,
      );
      // Past the 2 s fade-in, 10 s of the song as a listener decodes it.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const capture = join(media.dir, `heard-${name}.wav`);
      await ffmpeg(['-loglevel', 'error', '-i', station.icecastUrl('/radio'), '-t', '10', capture]);
      heard.push({ name, sourceLufs: source, heardLufs: await integrated(capture) });
      await post('/admin/pause?playlist=user');
      await post('/admin/queue/clear?playlist=user');
    }
    return {
      uploadSeconds: times,
      medianSeconds: median(times),
      maxSeconds: Math.max(...times),
      queuedFileSeconds,
      queuedFileLufs,
      heard,
    };
  } finally {
    monitor.stop();
    await station.stop();
    await media.stop();
  }
}

async function main(): Promise<void> {
  const ingest = await measureIngest();
  const times = ingest.uploadSeconds;
  console.log(
    `3-minute upload (3 s silence each end, 180.0 s): 202 → queued, ${times.length} runs: median ${ingest.medianSeconds.toFixed(2)} s, ` +
      `max ${ingest.maxSeconds.toFixed(2)} s (${times.map((t) => t.toFixed(2)).join(', ')})`,
  );
  console.log(
    `  queued file: ${ingest.queuedFileSeconds.toFixed(2)} s long, ${ingest.queuedFileLufs.toFixed(1)} LUFS in the file`,
  );
  console.log(
    `loudness on the decoded /radio (source → heard, target −16): ${ingest.heard
      .map((song) => `${song.name} ${song.sourceLufs.toFixed(1)} → ${song.heardLufs.toFixed(1)} LUFS`)
      .join('; ')}`,
  );
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
