import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  ContractClient,
  DOWNLOAD_JOB_NAME,
  DOWNLOAD_QUEUE,
  type DownloadJob,
  PATTERNS,
  publishSongEvent,
  readSongEvent,
  redisTransportOptions,
  SONG_EVENTS_CHANNEL,
  type SongEvent,
} from '@h4k/contracts';
import { REFUSED_ADDRESS_REASON } from '@h4k/egress-policy';
import { eventually, type OwnedProcess, startRedis, tempDir, writeTone } from '@h4k/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, type MicroserviceOptions } from '@nestjs/microservices';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import { DownloaderModule } from '../downloader.module';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server';
import type { DownloadResult } from './download.processor';
import { DownloadCancellation } from './download-cancellation';

const run = promisify(execFile);
jest.setTimeout(240_000);

/**
 * Integrated loudness (LUFS) as ffmpeg's ebur128 filter measures it; `gain` (a ReplayGain tag
 * value such as "-3.21 dB", as MPD applies it at playback) is applied first.
 */
async function integratedLoudness(path: string, gain?: string): Promise<number> {
  const filters = gain ? `volume=${gain.replace(/\s*dB$/, '')}dB,ebur128=framelog=verbose` : 'ebur128=framelog=verbose';
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', path, '-af', filters, '-f', 'null', '-']);
  const match = /Integrated loudness:\s+I:\s+(-?[\d.]+) LUFS/.exec(stderr);
  if (!match?.[1]) throw new Error(`no loudness in ${stderr.slice(-500)}`);
  return Number(match[1]);
}

async function probe(
  path: string,
): Promise<{ codec: string; rate: number; channels: number; tags: Record<string, string> }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path]);
  const parsed = JSON.parse(stdout) as {
    streams: { codec_name: string; sample_rate: string; channels: number; tags?: Record<string, string> }[];
    format: { tags?: Record<string, string> };
  };
  const stream = parsed.streams[0];
  if (!stream) throw new Error('no stream');
  const tags = Object.fromEntries(
    Object.entries({ ...parsed.format.tags, ...stream.tags }).map(([key, value]) => [key.toLowerCase(), value]),
  );
  return { codec: stream.codec_name, rate: Number(stream.sample_rate), channels: stream.channels, tags };
}

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/**
 * 20 minutes of MP3 whose Xing header counts 70 frames (~5 s): ffprobe believes the header, a
 * decoder reads every frame.
 */
async function writeLyingMp3(path: string): Promise<void> {
  const honest = `${path}.honest.mp3`;
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=300:sample_rate=8000:duration=1200',
    '-ac',
    '1',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '8k',
    honest,
  ]);
  const bytes = await readFile(honest);
  const tag = Math.max(bytes.indexOf('Xing'), bytes.indexOf('Info'));
  if (tag < 0 || (bytes.readUInt32BE(tag + 4) & 1) === 0) throw new Error('no Xing frame count to patch');
  bytes.writeUInt32BE(70, tag + 8);
  await writeFile(path, bytes);
}

/** An HLS media playlist whose segments are `segments` (absolute URLs or names next to it). */
function hlsPlaylist(segments: string[]): string {
  const entries = segments.map((segment) => `#EXTINF:4.0,\n${segment}\n`).join('');
  return `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n${entries}#EXT-X-ENDLIST\n`;
}

describe('download pipeline (real yt-dlp, ffmpeg, Redis, BullMQ)', () => {
  let redis: { port: number; process: OwnedProcess };
  /** The allowed media server (DOWNLOAD_ALLOWED_HOSTS names it). */
  let media: RecordingServer;
  /** A server on 127.0.0.1 the station must never fetch from: it stands for the inside. */
  let inside: RecordingServer;
  let port: number;
  let dataDir: string;
  let mediaDir: string;
  let apps: INestApplicationContext[] = [];
  let queue: Queue;
  let subscriber: Redis;
  const events = new Map<string, SongEvent[]>();

  const statuses = (id: string): string[] => (events.get(id) ?? []).map((event) => event.status);
  const last = (id: string): SongEvent | undefined => events.get(id)?.at(-1);
  const finished = (id: string) => () => ['ready', 'failed', 'removed'].includes(last(id)?.status ?? '');
  const musicFiles = async (): Promise<string[]> => [
    ...(await readdir(join(dataDir, 'music', 'user')).catch(() => [])),
    ...(await readdir(join(dataDir, 'music', 'fallback')).catch(() => [])),
  ];
  const workFiles = (): Promise<string[]> => readdir(join(dataDir, 'tmp', 'downloads')).catch(() => []);
  const url = (name: string): string => `http://127.0.0.1:${port}/${name}`;

  async function submit(source: DownloadJob['source'], extra: Partial<DownloadJob> = {}): Promise<string> {
    const id = randomUUID();
    const job: DownloadJob = { id, source, target: 'user', ...extra };
    await queue.add(DOWNLOAD_JOB_NAME, job, { jobId: id });
    return id;
  }

  async function submitAndWait(source: DownloadJob['source'], extra: Partial<DownloadJob> = {}): Promise<string> {
    const id = await submit(source, extra);
    await eventually(`job ${id} finished`, finished(id), 120_000);
    return id;
  }

  /** Returns the job's id. */
  async function expectRefused(name: string, reason: RegExp): Promise<string> {
    const before = await musicFiles();
    const id = await submitAndWait({ kind: 'url', url: url(name) });
    expect(last(id)).toEqual(expect.objectContaining({ status: 'failed', reason: expect.stringMatching(reason) }));
    expect(await musicFiles()).toEqual(before);
    expect(await workFiles()).toEqual([]);
    return id;
  }

  function cancellation(): DownloadCancellation {
    const app = apps[0];
    if (!app) throw new Error('no downloader running');
    return app.get(DownloadCancellation);
  }

  /** A downloader listening on the Redis transport, and a contract client to it, for `use`. */
  async function withRpc(timeoutMs: number, use: (client: ContractClient) => Promise<void>): Promise<void> {
    const service = await NestFactory.createMicroservice<MicroserviceOptions>(DownloaderModule, {
      ...redisTransportOptions({ host: '127.0.0.1', port: redis.port }),
      logger: ['error'],
    });
    await service.listen();
    const client = new ContractClient(
      ClientProxyFactory.create(redisTransportOptions({ host: '127.0.0.1', port: redis.port })),
      timeoutMs,
    );
    try {
      await use(client);
    } finally {
      await client.close();
      await service.close();
    }
  }

  async function startDownloader(): Promise<INestApplicationContext> {
    const app = await NestFactory.createApplicationContext(DownloaderModule, { logger: ['error', 'warn'] });
    app.enableShutdownHooks();
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    redis = await startRedis();
    dataDir = tempDir('downloader-data');
    mediaDir = tempDir('downloader-media');
    await writeTone(join(mediaDir, 'tone.ogg'), 440, 20, 'Source Title');
    await writeTone(join(mediaDir, 'three-minutes.ogg'), 330, 180, 'Three Minutes');
    // A quiet, noisy song so two very different inputs are normalised.
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=color=pink:amplitude=0.03:duration=20:sample_rate=44100',
      '-c:a',
      'libmp3lame',
      '-b:a',
      '128k',
      join(mediaDir, 'quiet.mp3'),
    ]);
    await writeFile(join(mediaDir, 'not-audio.mp3'), 'this is a text file, not a song\n'.repeat(2000));
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'anullsrc=r=8000:cl=mono',
      '-t',
      '1200',
      '-c:a',
      'libvorbis',
      '-q:a',
      '-1',
      join(mediaDir, 'long.ogg'),
    ]);
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=500:sample_rate=48000:duration=40',
      '-ac',
      '2',
      '-c:a',
      'pcm_s16le',
      join(mediaDir, 'big.wav'),
    ]);
    await writeFile(
      join(mediaDir, 'page.html'),
      '<html><body><audio src="tone.ogg"></audio><audio src="quiet.mp3"></audio></body></html>',
    );

    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=660:duration=4',
      '-c:a',
      'aac',
      '-f',
      'mpegts',
      join(mediaDir, 'seg0.ts'),
    ]);
    await writeLyingMp3(join(mediaDir, 'lying.mp3'));

    inside = await startRecordingServer(mediaDir);
    const insideUrl = (name: string): string => `http://127.0.0.1:${inside.port}/${name}`;
    await writeFile(
      join(mediaDir, 'inside-page.html'),
      `<html><body><audio src="${insideUrl('tone.ogg')}"></audio></body></html>`,
    );
    await writeFile(join(mediaDir, 'inside.m3u8'), hlsPlaylist([insideUrl('seg0.ts'), insideUrl('seg0.ts')]));
    media = await startRecordingServer(mediaDir, {
      routes: [
        (request, response) => {
          if (request.url !== '/trickle.ogg') return false;
          // Announces 2 MB, then dribbles: only a wall-clock limit ends this.
          response.writeHead(200, { 'content-type': 'audio/ogg', 'content-length': String(2_000_000) });
          response.write(Buffer.alloc(4096, 1));
          const timer = setInterval(() => response.write(Buffer.alloc(100, 1)), 500);
          response.on('close', () => clearInterval(timer));
          return true;
        },
        (request, response) => {
          const ftpInside = request.url === '/redirect-ftp.ogg' ? insideUrl('tone.ogg').replace('http:', 'ftp:') : null;
          if (request.url !== '/redirect-inside.ogg' && !ftpInside) return false;
          response.writeHead(302, { location: ftpInside ?? insideUrl('tone.ogg') }).end();
          return true;
        },
      ],
    });
    port = media.port;
    await writeFile(join(mediaDir, 'segments.m3u8'), hlsPlaylist([url('seg0.ts'), url('seg0.ts')]));

    Object.assign(process.env, {
      ADMIN_API_TOKEN: 'e2e-admin-token-0123456789',
      LIQUIDSOAP_TOKEN: 'e2e-liquidsoap-token-0123456789',
      JWT_SECRET: 'e2e-jwt-secret-0123456789',
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redis.port),
      H4K_DATA_DIR: dataDir,
      DOWNLOAD_ALLOWED_HOSTS: `127.0.0.1:${port}`,
      MAX_DOWNLOAD_BYTES: String(5 * 1024 * 1024),
      DOWNLOAD_TIMEOUT_SECONDS: '8',
      MAX_SONG_SECONDS: '900',
      DOWNLOADER_CONCURRENCY: '1',
      // As many operators have it: yt-dlp must still send these hosts through the egress proxy.
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
    });

    const connection = { host: '127.0.0.1', port: redis.port };
    queue = new Queue(DOWNLOAD_QUEUE, { connection });
    subscriber = new Redis(connection);
    subscriber.on('message', (_channel: string, message: string) => {
      const event = JSON.parse(message) as SongEvent;
      events.set(event.id, [...(events.get(event.id) ?? []), event]);
    });
    await subscriber.subscribe(SONG_EVENTS_CHANNEL);
    await startDownloader();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    apps = [];
    await queue?.close();
    subscriber?.disconnect();
    await media?.close();
    await inside?.close();
    await redis?.process.stop();
  });

  it('turns a local link into a 48 kHz stereo Vorbis file with tags and a ReplayGain to -16 LUFS, reporting progress in order', async () => {
    const id = await submitAndWait(
      { kind: 'url', url: url('tone.ogg') },
      { title: 'Submitted Title', artist: 'Submitter' },
    );
    const file = join(dataDir, 'music', 'user', `${id}.ogg`);
    expect(last(id)).toEqual({ id, status: 'ready', percent: 100, file, target: 'user' });
    const order = statuses(id).filter((status, index, all) => status !== all[index - 1]);
    expect(order).toEqual(['downloading', 'processing', 'ready']);

    const info = await probe(file);
    expect(info).toEqual(expect.objectContaining({ codec: 'vorbis', rate: 48_000, channels: 2 }));
    expect(info.tags).toEqual(expect.objectContaining({ title: 'Submitted Title', artist: 'Submitter' }));
    expect(info.tags['replaygain_track_gain']).toMatch(/^-?\d+\.\d\d dB$/);
    const loudness = await integratedLoudness(file, info.tags['replaygain_track_gain']);
    console.log(`loudness of the loud tone as played: ${loudness} LUFS (gain ${info.tags['replaygain_track_gain']})`);
    expect(Math.abs(loudness + 16)).toBeLessThanOrEqual(1);
    expect(await workFiles()).toEqual([]);
  });

  it('normalises a quiet song too and keeps the source tags when the submitter gave none', async () => {
    const before = await integratedLoudness(join(mediaDir, 'quiet.mp3'));
    const id = await submitAndWait({ kind: 'url', url: url('tone.ogg') });
    expect((await probe(join(dataDir, 'music', 'user', `${id}.ogg`))).tags).toEqual(
      expect.objectContaining({ title: 'Source Title', artist: 'h4k-test' }),
    );
    const quiet = await submitAndWait({ kind: 'url', url: url('quiet.mp3') }, { target: 'fallback', title: 'Quiet' });
    const file = join(dataDir, 'music', 'fallback', `${quiet}.ogg`);
    expect(last(quiet)?.status).toBe('ready');
    const after = await integratedLoudness(file, (await probe(file)).tags['replaygain_track_gain']);
    console.log(`loudness of quiet pink noise: ${before} LUFS before, ${after} LUFS as played`);
    expect(Math.abs(after + 16)).toBeLessThanOrEqual(1);
  });

  it('refuses a text file renamed .mp3', () => expectRefused('not-audio.mp3', /not audio/));
  it('refuses a 20-minute song', () => expectRefused('long.ogg', /1200 s long; the limit is 900 s/));
  it('refuses a file over MAX_DOWNLOAD_BYTES', () => expectRefused('big.wav', /larger than 5 MiB/));
  it('refuses a page with several songs (playlist)', () => expectRefused('page.html', /playlist/));
  it('gives up on a download that trickles past the timeout', () => expectRefused('trickle.ogg', /longer than 8 s/));

  it('refuses a link to a private address before spawning anything', async () => {
    const id = await submitAndWait({ kind: 'url', url: 'http://10.0.0.1/song.ogg' });
    expect(last(id)).toEqual({ id, status: 'failed', reason: REFUSED_ADDRESS_REASON, target: 'user' });
    expect(statuses(id)).toEqual(['failed']);
  });

  it.each(['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[0:0:0:0:0:ffff:127.0.0.1]'])(
    'refuses the allowed media server spelled %s (IPv6 loopback) without a request reaching it',
    async (host) => {
      const before = media.hits.length;
      const id = await submitAndWait({ kind: 'url', url: `http://${host}:${port}/tone.ogg` });
      expect(last(id)).toEqual({ id, status: 'failed', reason: REFUSED_ADDRESS_REASON, target: 'user' });
      expect(media.hits.length).toBe(before);
    },
  );

  describe('links that lead inside from an allowed host', () => {
    let connectionsBefore = 0;
    beforeEach(() => {
      inside.hits.splice(0);
      connectionsBefore = inside.connections;
    });

    it.each([
      ['a redirect to a 127.0.0.1 port outside the allow-list', 'redirect-inside.ogg'],
      ['a redirect to ftp:// on the inside (urllib follows those itself)', 'redirect-ftp.ogg'],
      ['a page whose <audio src> is on the inside', 'inside-page.html'],
      ['an HLS playlist whose segments are on the inside', 'inside.m3u8'],
    ])('refuses %s at the hop, saying nothing of the inside', async (_what, name) => {
      const id = await expectRefused(name, new RegExp(`^${REFUSED_ADDRESS_REASON}$`));
      expect(inside.hits).toEqual([]);
      expect(inside.connections).toBe(connectionsBefore);
      // The admin's side: which hop was refused, in the job's log.
      const { logs } = await queue.getJobLogs(id);
      expect(logs.join('\n')).toMatch(new RegExp(`^refused: egress refused .*127\\.0\\.0\\.1:${inside.port}`, 'm'));
    });

    it('still downloads an HLS playlist whose segments are on the allowed host (native, without ffmpeg)', async () => {
      const id = await submitAndWait({ kind: 'url', url: url('segments.m3u8') });
      expect(last(id)?.status).toBe('ready');
      expect(media.hits.filter((hit) => hit === 'GET /seg0.ts').length).toBeGreaterThanOrEqual(2);
    });
  });

  it('refuses a link to a file whose header claims 5 s but holds 20 minutes, on the decoded length', async () => {
    const started = Date.now();
    await expectRefused('lying.mp3', /^refused: the song is longer than the limit of 900 s$/);
    console.log(`lying 20-minute MP3 refused in ${(Date.now() - started) / 1000} s`);
  });

  it('cancels a job mid-download: processes killed, nothing left, the song "removed: cancelled"', async () => {
    const before = await musicFiles();
    const id = await submit({ kind: 'url', url: url('trickle.ogg') });
    await eventually('download started', () => statuses(id).includes('downloading'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const result = await cancellation().cancel(id);
    expect(result).toEqual({ id, state: 'active', cancelled: true });
    await eventually('cancel reported', finished(id), 10_000);
    expect(last(id)).toEqual({ id, status: 'removed', reason: 'cancelled', target: 'user' });
    // pgrep exits 1 when no process matches: yt-dlp for this link was killed.
    await expect(run('pgrep', ['-f', `yt-dlp.*127.0.0.1:${port}/trickle.ogg`])).rejects.toEqual(
      expect.objectContaining({ code: 1 }),
    );
    expect(await musicFiles()).toEqual(before);
    expect(await workFiles()).toEqual([]);
  });

  it('cancels a waiting job without running it', async () => {
    await queue.pause();
    const id = await submit({ kind: 'url', url: url('tone.ogg') });
    const result = await cancellation().cancel(id);
    await queue.resume();
    expect(result).toEqual({ id, state: 'waiting', cancelled: true });
    await eventually('cancel reported', finished(id), 5_000);
    expect(statuses(id)).toEqual(['removed']);
    expect(last(id)).toEqual({ id, status: 'removed', reason: 'cancelled', target: 'user' });
    expect(await queue.getJob(id)).toBeUndefined();
  });

  it('a song removed while it is processed stays removed: no later event, no file left', async () => {
    const before = await musicFiles();
    const id = await submit({ kind: 'url', url: url('three-minutes.ogg') });
    await eventually('processing started', () => statuses(id).includes('processing'), 30_000);
    // What the queue does on a deletion, before the gateway's cancel reaches the job.
    const teller = new Redis({ host: '127.0.0.1', port: redis.port });
    try {
      await publishSongEvent(teller, { id, status: 'removed', reason: 'deleted', target: 'user' });
      await eventually(
        'the job ended',
        async () => ['completed', 'failed'].includes(await queue.getJobState(id)),
        60_000,
      );
      expect(statuses(id).at(-1)).toBe('removed');
      expect(await readSongEvent(teller, id)).toEqual({ id, status: 'removed', reason: 'deleted', target: 'user' });
      // A late event from anyone changes nothing.
      expect(await publishSongEvent(teller, { id, status: 'processing', percent: 50, target: 'user' })).toBe(false);
      expect(await readSongEvent(teller, id)).toEqual(expect.objectContaining({ status: 'removed' }));
    } finally {
      teller.disconnect();
    }
    expect(statuses(id).at(-1)).toBe('removed');
    expect(await musicFiles()).toEqual(before);
    expect(await workFiles()).toEqual([]);
  });

  it('measures job start → ready for a 3-minute song, from an upload and from a local link', async () => {
    const uploads = join(dataDir, 'tmp', 'uploads');
    await mkdir(uploads, { recursive: true });
    const upload = join(uploads, `${randomUUID()}.ogg`);
    await copyFile(join(mediaDir, 'three-minutes.ogg'), upload);
    const fromFile = await submitAndWait({ kind: 'file', path: upload });
    const fromUrl = await submitAndWait({ kind: 'url', url: url('three-minutes.ogg') });
    const seconds = async (id: string): Promise<number> => {
      const job = await queue.getJob(id);
      return ((job?.finishedOn ?? 0) - (job?.processedOn ?? 0)) / 1000;
    };
    expect(last(fromFile)?.status).toBe('ready');
    expect(last(fromUrl)?.status).toBe('ready');
    console.log(
      `3-minute song, job start → ready: upload ${await seconds(fromFile)} s, local link ${await seconds(fromUrl)} s`,
    );
    await expect(stat(upload)).rejects.toThrow(); // the upload is consumed
  });

  it('refuses an upload path outside the uploads dir', async () => {
    const id = await submitAndWait({ kind: 'file', path: join(mediaDir, 'tone.ogg') });
    expect(last(id)).toEqual({
      id,
      status: 'failed',
      reason: 'refused: the upload is not in the uploads dir',
      target: 'user',
    });
    await expect(stat(join(mediaDir, 'tone.ogg'))).resolves.toBeDefined();
  });

  it('two downloader instances share 20 jobs, each done exactly once', async () => {
    await startDownloader();
    const uploads = join(dataDir, 'tmp', 'uploads');
    await mkdir(uploads, { recursive: true });
    await writeTone(join(mediaDir, 'short.ogg'), 550, 3, 'Short');
    const ids: string[] = [];
    for (let index = 0; index < 20; index++) {
      const upload = join(uploads, `${randomUUID()}.ogg`);
      await copyFile(join(mediaDir, 'short.ogg'), upload);
      ids.push(await submit({ kind: 'file', path: upload }));
    }
    await eventually('20 jobs finished', () => ids.every((id) => finished(id)()), 180_000);
    const perWorker = new Map<string, number>();
    for (const id of ids) {
      expect(statuses(id).filter((status) => status === 'ready')).toHaveLength(1);
      const job = await queue.getJob(id);
      expect(job?.attemptsMade).toBe(1);
      const worker = (job?.returnvalue as DownloadResult).worker;
      perWorker.set(worker, (perWorker.get(worker) ?? 0) + 1);
      await expect(stat(join(dataDir, 'music', 'user', `${id}.ogg`))).resolves.toBeDefined();
    }
    console.log(`jobs per instance: ${JSON.stringify(Object.fromEntries(perWorker))}`);
    expect([...perWorker.values()].reduce((sum, count) => sum + count, 0)).toBe(20);
    expect(perWorker.size).toBe(2);
  });

  it('answers downloader.cancel over the Redis transport, validating the payload', async () => {
    await withRpc(5000, async (client) => {
      const id = randomUUID();
      await expect(client.send(PATTERNS.downloader.cancel, { id })).resolves.toEqual({
        id,
        state: 'unknown',
        cancelled: false,
      });
      await expect(client.send(PATTERNS.downloader.cancel, { id: 'not-a-uuid' })).rejects.toThrow(/BAD_REQUEST|id/);
    });
  });

  it('vets links and uploads over the Redis transport before anything is fetched', async () => {
    await withRpc(10_000, async (client) => {
      const uploads = join(dataDir, 'tmp', 'uploads');
      await mkdir(uploads, { recursive: true });
      const upload = async (name: string): Promise<string> => {
        const path = join(uploads, `${randomUUID()}-${name}`);
        await copyFile(join(mediaDir, name), path);
        return path;
      };
      const vet = (source: DownloadJob['source']) => client.send(PATTERNS.downloader.vet, { source });
      await expect(vet({ kind: 'url', url: `${url('tone.ogg')}#t=3` })).resolves.toEqual({
        sourceKey: url('tone.ogg'),
        durationSeconds: null,
      });
      for (const [link, reason] of [
        ['--exec=touch /tmp/x', /command-line option/],
        ['ftp://example.org/song.mp3', /only http and https/],
        ['http://10.0.0.1/song.ogg', new RegExp(`^${REFUSED_ADDRESS_REASON}$`)],
        ['http://169.254.169.254/latest', new RegExp(`^${REFUSED_ADDRESS_REASON}$`)],
        [`http://[::ffff:7f00:1]:${port}/tone.ogg`, new RegExp(`^${REFUSED_ADDRESS_REASON}$`)],
        ['https://www.youtube.com/playlist?list=PL123', /playlist/],
      ] as const) {
        await expect(vet({ kind: 'url', url: link })).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message: expect.stringMatching(reason),
        });
      }
      const good = await upload('tone.ogg');
      const vetted = await vet({ kind: 'file', path: good });
      expect(vetted.sourceKey).toMatch(/^upload:[0-9a-f]{64}$/);
      expect(vetted.durationSeconds).toBeCloseTo(20, 0);
      // Read-only: the upload is still there for the job.
      await expect(stat(good)).resolves.toBeDefined();
      await expect(vet({ kind: 'file', path: await upload('not-audio.mp3') })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/not audio/),
      });
      await expect(vet({ kind: 'file', path: await upload('long.ogg') })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/1200 s long/),
      });
      await expect(vet({ kind: 'file', path: await upload('big.wav') })).rejects.toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
      });
      await expect(vet({ kind: 'file', path: join(mediaDir, 'tone.ogg') })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/not in the uploads dir/),
      });
    });
  });

  it('refuses playlists and manifests uploaded as songs, at vetting and in the job, without fetching anything', async () => {
    await withRpc(10_000, async (client) => {
      const uploads = join(dataDir, 'tmp', 'uploads');
      await mkdir(uploads, { recursive: true });
      // Files next to the uploads that a playlist could name: each would be read if it were opened.
      await copyFile(join(mediaDir, 'tone.ogg'), join(uploads, 'neighbour.ogg'));
      await copyFile(join(mediaDir, 'seg0.ts'), join(uploads, 'neighbour.ts'));
      const insideUrl = (name: string): string => `http://127.0.0.1:${inside.port}/${name}`;
      const hostile: [string, string][] = [
        ['song.m3u8', hlsPlaylist(['neighbour.ts', insideUrl('seg0.ts')])],
        ['song.m3u', `#EXTM3U\n#EXTINF:20,Inside\n${insideUrl('tone.ogg')}\nneighbour.ogg\n`],
        ['song.ffconcat', `ffconcat version 1.0\nfile neighbour.ogg\nfile '${insideUrl('tone.ogg')}'\n`],
        [
          'song.sdp',
          `v=0\no=- 0 0 IN IP4 127.0.0.1\ns=inside\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio ${inside.port} RTP/AVP 0\n`,
        ],
      ];
      inside.hits.splice(0);
      for (const [name, text] of hostile) {
        const vetted = join(uploads, `${randomUUID()}-${name}`);
        await writeFile(vetted, text);
        await expect(
          client.send(PATTERNS.downloader.vet, { source: { kind: 'file', path: vetted } }),
        ).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message: 'refused: the file is not audio',
        });
        const queued = join(uploads, `${randomUUID()}-${name}`);
        await writeFile(queued, text);
        const id = await submitAndWait({ kind: 'file', path: queued });
        expect(last(id)).toEqual({ id, status: 'failed', reason: 'refused: the file is not audio', target: 'user' });
      }
      const lying = join(uploads, `${randomUUID()}-lying.mp3`);
      await copyFile(join(mediaDir, 'lying.mp3'), lying);
      const id = await submitAndWait({ kind: 'file', path: lying });
      expect(last(id)).toEqual(
        expect.objectContaining({ status: 'failed', reason: 'refused: the song is longer than the limit of 900 s' }),
      );
      expect(inside.hits).toEqual([]);
    });
  });
});
