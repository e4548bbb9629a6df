import {
  ContractClient,
  PATTERNS,
  redisTransportOptions,
  SONG_EVENTS_CHANNEL,
  DOWNLOAD_JOB_NAME,
  DOWNLOAD_QUEUE,
  type SongEvent,
  type DownloadJob,
} from '@h4k/contracts';
import { eventually, freePort, startRedis, tempDir, writeTone, type OwnedProcess } from '@h4k/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, type MicroserviceOptions } from '@nestjs/microservices';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DownloaderModule } from '../downloader.module';
import { DownloadCancellation } from './download-cancellation';
import type { DownloadResult } from './download.processor';

const run = promisify(execFile);
jest.setTimeout(240_000);

/** Integrated loudness (LUFS) as ffmpeg's ebur128 filter measures it. */
async function integratedLoudness(path: string): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', path, '-af', 'ebur128', '-f', 'null', '-']);
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

describe('download pipeline (real yt-dlp, ffmpeg, Redis, BullMQ)', () => {
  let redis: { port: number; process: OwnedProcess };
  let server: Server;
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

  async function expectRefused(name: string, reason: RegExp): Promise<void> {
    const before = await musicFiles();
    const id = await submitAndWait({ kind: 'url', url: url(name) });
    expect(last(id)).toEqual(expect.objectContaining({ status: 'failed', reason: expect.stringMatching(reason) }));
    expect(await musicFiles()).toEqual(before);
    expect(await workFiles()).toEqual([]);
  }

  function cancellation(): DownloadCancellation {
    const app = apps[0];
    if (!app) throw new Error('no downloader running');
    return app.get(DownloadCancellation);
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

    port = await freePort();
    server = createServer((request, response) => {
      const name = (request.url ?? '/').slice(1).split('?')[0] ?? '';
      if (name === 'trickle.ogg') {
        // Announces 2 MB, then dribbles: only a wall-clock limit ends this.
        response.writeHead(200, { 'content-type': 'audio/ogg', 'content-length': String(2_000_000) });
        response.write(Buffer.alloc(4096, 1));
        const timer = setInterval(() => response.write(Buffer.alloc(100, 1)), 500);
        response.on('close', () => clearInterval(timer));
        return;
      }
      const path = join(mediaDir, name);
      stat(path).then(
        (info) => {
          const type = name.endsWith('.html')
            ? 'text/html'
            : name.endsWith('.mp3')
              ? 'audio/mpeg'
              : name.endsWith('.wav')
                ? 'audio/wav'
                : 'audio/ogg';
          response.writeHead(200, { 'content-type': type, 'content-length': String(info.size) });
          createReadStream(path).pipe(response);
        },
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

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
    await new Promise((resolve) => server?.close(resolve));
    await redis?.process.stop();
  });

  it('turns a local link into a normalised 48 kHz stereo Vorbis file with tags, reporting progress in order', async () => {
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
    const loudness = await integratedLoudness(file);
    console.log(`loudness of normalised loud tone: ${loudness} LUFS`);
    expect(Math.abs(loudness + 16)).toBeLessThanOrEqual(1.5);
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
    const after = await integratedLoudness(file);
    console.log(`loudness of quiet pink noise: ${before} LUFS before, ${after} LUFS after`);
    expect(Math.abs(after + 16)).toBeLessThanOrEqual(1.5);
  });

  it('refuses a text file renamed .mp3', () => expectRefused('not-audio.mp3', /not audio/));
  it('refuses a 20-minute song', () => expectRefused('long.ogg', /1200 s long; the limit is 900 s/));
  it('refuses a file over MAX_DOWNLOAD_BYTES', () => expectRefused('big.wav', /larger than 5 MiB/));
  it('refuses a page with several songs (playlist)', () => expectRefused('page.html', /playlist/));
  it('gives up on a download that trickles past the timeout', () => expectRefused('trickle.ogg', /longer than 8 s/));

  it('refuses a link to a private address before spawning anything', async () => {
    const id = await submitAndWait({ kind: 'url', url: 'http://10.0.0.1/song.ogg' });
    expect(last(id)).toEqual({
      id,
      status: 'failed',
      reason: 'refused: 10.0.0.1 is a private address',
      target: 'user',
    });
    expect(statuses(id)).toEqual(['failed']);
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
    const service = await NestFactory.createMicroservice<MicroserviceOptions>(DownloaderModule, {
      ...redisTransportOptions({ host: '127.0.0.1', port: redis.port }),
      logger: ['error'],
    });
    await service.listen();
    const client = new ContractClient(
      ClientProxyFactory.create(redisTransportOptions({ host: '127.0.0.1', port: redis.port })),
      5000,
    );
    try {
      const id = randomUUID();
      await expect(client.send(PATTERNS.downloader.cancel, { id })).resolves.toEqual({
        id,
        state: 'unknown',
        cancelled: false,
      });
      await expect(client.send(PATTERNS.downloader.cancel, { id: 'not-a-uuid' })).rejects.toThrow(/BAD_REQUEST|id/);
    } finally {
      await client.close();
      await service.close();
    }
  });

  it('vets links and uploads over the Redis transport before anything is fetched', async () => {
    const service = await NestFactory.createMicroservice<MicroserviceOptions>(DownloaderModule, {
      ...redisTransportOptions({ host: '127.0.0.1', port: redis.port }),
      logger: ['error'],
    });
    await service.listen();
    const client = new ContractClient(
      ClientProxyFactory.create(redisTransportOptions({ host: '127.0.0.1', port: redis.port })),
      10_000,
    );
    const uploads = join(dataDir, 'tmp', 'uploads');
    await mkdir(uploads, { recursive: true });
    const upload = async (name: string): Promise<string> => {
      const path = join(uploads, `${randomUUID()}-${name}`);
      await copyFile(join(mediaDir, name), path);
      return path;
    };
    const vet = (source: DownloadJob['source']) => client.send(PATTERNS.downloader.vet, { source });
    try {
      await expect(vet({ kind: 'url', url: `${url('tone.ogg')}#t=3` })).resolves.toEqual({
        sourceKey: url('tone.ogg'),
        durationSeconds: null,
      });
      for (const [link, reason] of [
        ['--exec=touch /tmp/x', /command-line option/],
        ['ftp://example.org/song.mp3', /only http and https/],
        ['http://10.0.0.1/song.ogg', /10.0.0.1 is a private address/],
        ['http://169.254.169.254/latest', /metadata/],
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
    } finally {
      await client.close();
      await service.close();
    }
  });
});
