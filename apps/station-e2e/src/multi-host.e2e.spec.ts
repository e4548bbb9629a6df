import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DOWNLOAD_QUEUE, type QueueEntry } from '@h4k/contracts';
import { eventually, freePort, type OwnedProcess, startProcess, tempDir, writeTone } from '@h4k/testing';
import { E2E_LIMITS, EventStream, Listener, songStatus, STATION_LIMITS } from '@h4k/testing/station';
import { Queue } from 'bullmq';

import { sharedStation } from './support/shared-station';

interface NowPlaying {
  tier: string;
  title: string | null;
}

/**
 * More boxes beside the shared station, as on other hosts: a second gateway (as behind Caddy with
 * two upstreams) and two more downloaders, each with its own data dir (temp dirs, yt-dlp) and only
 * the user music dir and the uploads dir shared, as links where a host would mount the shared volume.
 */
describe('several gateways and downloaders on one Redis', () => {
  const station = sharedStation();
  const repoRoot = resolve(__dirname, '../../..');
  const adminAuth = { Authorization: `Bearer ${station.adminToken}` };
  const jwtSecret = /^JWT_SECRET=(.+)$/m.exec(readFileSync(join(station.dataDir, 'secrets.env'), 'utf8'))?.[1] ?? '';
  const redisEnv = { REDIS_PORT: String(station.ports.redis), REDIS_PASSWORD: station.redisPassword };
  const owned: OwnedProcess[] = [];
  const streams: EventStream<unknown>[] = [];
  let second: { port: number; url: (path: string) => string };

  const opened = <T>(stream: EventStream<T>): EventStream<T> => {
    streams.push(stream as EventStream<unknown>);
    return stream;
  };
  const admin = async (path: string, method = 'POST'): Promise<Response> => {
    const response = await fetch(station.url(`/api${path}`), { method, headers: adminAuth });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  };

  beforeAll(async () => {
    const port = await freePort();
    const gateway = startProcess('node', [join(repoRoot, 'dist/apps/gateway/main.js')], {
      ...redisEnv,
      GATEWAY_PORT: String(port),
      ADMIN_API_TOKEN: station.adminToken,
      LIQUIDSOAP_TOKEN: station.liquidsoapToken,
      JWT_SECRET: jwtSecret,
      H4K_DATA_DIR: tempDir('second-gateway'),
      AUTH_FAILURES_MAX: String(E2E_LIMITS.authFailuresMax),
      RATE_LIMIT_PER_MINUTE: String(E2E_LIMITS.ratePerMinute),
      SSE_STREAMS_PER_ADDRESS: String(E2E_LIMITS.sseStreamsPerAddress),
      LOG_LEVEL: 'warn',
    });
    owned.push(gateway);
    second = { port, url: (path: string) => `http://127.0.0.1:${port}${path}` };
    await eventually(
      'the second gateway answers',
      async () => {
        if (!gateway.running) throw new Error(`the second gateway exited:\n${gateway.log}`);
        return (await fetch(second.url('/now-playing')).catch(() => undefined))?.ok === true;
      },
      30_000,
    );
  }, 60_000);

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });

  afterAll(async () => {
    await Promise.all(owned.map((process) => process.stop()));
  });

  describe('two gateways', () => {
    it('both push a now-playing change (Liquidsoap reports to the first only) to their SSE clients', async () => {
      const first = opened(new EventStream<NowPlaying>(station.gatewayUrl('/now-playing/events')));
      const other = opened(new EventStream<NowPlaying>(second.url('/now-playing/events')));
      await first.waitFor('the fallback on air (first gateway)', (np) => np.tier === 'fallback', 40_000);
      await other.waitFor('the fallback on air (second gateway)', (np) => np.tier === 'fallback', 10_000);
      await admin('/admin/pause?playlist=fallback');
      try {
        await first.waitFor('noise on the first gateway', (np) => np.tier === 'noise', 15_000);
        const seen = await other.waitFor('noise on the second gateway', (np) => np.tier === 'noise', 5_000);
        expect(seen.data).toEqual(expect.objectContaining({ tier: 'noise', title: null }));
      } finally {
        await admin('/admin/resume?playlist=fallback');
      }
      const noiseAt = other.events.findIndex((event) => event.data.tier === 'noise');
      await eventually(
        'the fallback again on the second gateway',
        () => other.events.slice(noiseAt).some((event) => event.data.tier === 'fallback'),
        30_000,
      );
    });

    it('refuses on the second gateway a token revoked on the first, and cuts its open stream there', async () => {
      const response = await fetch(station.gatewayUrl('/admin/token'), {
        method: 'POST',
        headers: { ...adminAuth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ duration_seconds: 3600, max_queue_songs: 1 }),
      });
      expect(response.status).toBe(201);
      const { token, jti } = (await response.json()) as { token: string; jti: string };
      const mine = () => fetch(second.url('/queue/mine'), { headers: { Authorization: `Bearer ${token}` } });
      expect((await mine()).status).toBe(200);
      const stream = opened(new EventStream<unknown>(second.url(`/queue/events?token=${encodeURIComponent(token)}`)));
      await new Promise((done) => setTimeout(done, 500));

      const revoked = await fetch(station.gatewayUrl(`/admin/tokens/${jti}`), { method: 'DELETE', headers: adminAuth });
      expect(revoked.status).toBe(200);
      await expect(stream.waitFor('nothing: the stream must end', () => false, 5_000)).rejects.toThrow(
        /the server closed the stream|terminated|other side closed/,
      );
      const refused = await mine();
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual(expect.objectContaining({ message: expect.stringMatching(/revoked/) }));
    });

    it('counts one request ceiling across both gateways (same route, same client address)', async () => {
      // A client address of its own (the gateways believe loopback proxies), so no other spec's requests count.
      const address = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
      const remaining = async (url: string): Promise<number> => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { ...adminAuth, 'Content-Type': 'application/json', 'X-Forwarded-For': address },
          body: JSON.stringify({ duration_seconds: 60, max_queue_songs: 1 }),
        });
        expect(response.status).toBe(201);
        return Number(response.headers.get('x-ratelimit-remaining'));
      };
      const counts = [
        await remaining(station.gatewayUrl('/admin/token')),
        await remaining(second.url('/admin/token')),
        await remaining(station.gatewayUrl('/admin/token')),
        await remaining(second.url('/admin/token')),
      ];
      const limit = E2E_LIMITS.ratePerMinute;
      expect(counts).toEqual([limit - 1, limit - 2, limit - 3, limit - 4]);
    });
  });

  describe('three downloaders', () => {
    const SONGS = 30;
    const SECONDS = 3;

    /** A downloader "host": its own data dir, with the shared user music and uploads dirs linked in. */
    const startDownloader = (name: string): { process: OwnedProcess; dataDir: string } => {
      const dataDir = tempDir(`downloader-${name}`);
      mkdirSync(join(dataDir, 'music'));
      mkdirSync(join(dataDir, 'tmp'));
      symlinkSync(join(station.dataDir, 'music/user'), join(dataDir, 'music/user'));
      symlinkSync(join(station.dataDir, 'tmp/uploads'), join(dataDir, 'tmp/uploads'));
      const media = new URL(station.mediaLink('x'));
      const process = startProcess('node', [join(repoRoot, 'dist/apps/downloader/main.js')], {
        ...redisEnv,
        HOSTNAME: name,
        H4K_DATA_DIR: dataDir,
        DOWNLOAD_ALLOWED_HOSTS: media.host,
        MAX_SONG_SECONDS: String(STATION_LIMITS.maxSongSeconds),
        MAX_DOWNLOAD_BYTES: String(STATION_LIMITS.maxDownloadBytes),
        LOG_LEVEL: 'log',
      });
      owned.push(process);
      return { process, dataDir };
    };

    it('process 30 submissions, each exactly once, and every file reaches the queue host', async () => {
      const hosts = [startDownloader('downloader-b'), startDownloader('downloader-c')];
      await eventually(
        'both extra downloaders listening',
        () => {
          for (const host of hosts)
            if (!host.process.running) throw new Error(`a downloader exited:\n${host.process.log}`);
          return hosts.every((host) => host.process.log.includes('downloader listening on redis'));
        },
        30_000,
      );
      // Distinct songs (the queue refuses the same audio twice), short, on the fixture server.
      await Promise.all(
        Array.from({ length: SONGS }, (_, i) =>
          writeTone(station.mediaFile(`multi-${i}.ogg`), 1200 + 37 * i, SECONDS, `Multi ${i}`),
        ),
      );

      const queue = new Queue(DOWNLOAD_QUEUE, {
        connection: { host: '127.0.0.1', port: station.ports.redis, password: station.redisPassword },
      });
      await admin('/admin/pause?playlist=user');
      const ids: string[] = [];
      try {
        const listeners = await Promise.all([0, 1, 2].map(() => Listener.mint(station, { max_queue_songs: 10 })));
        const submitted = await Promise.all(
          Array.from({ length: SONGS }, async (_, i) => {
            const listener = listeners[i % listeners.length];
            if (!listener) throw new Error('no listener');
            const response = await listener.addLink({ url: station.mediaLink(`multi-${i}.ogg`), title: `Multi ${i}` });
            const body = (await response.json()) as { id: string };
            expect(response.status).toBe(202);
            return body.id;
          }),
        );
        ids.push(...submitted);
        expect(new Set(ids).size).toBe(SONGS);

        await eventually(
          'all 30 songs queued',
          async () => {
            await new Promise((done) => setTimeout(done, 800)); // 30 requests a round: not 5 rounds a second
            const statuses = await Promise.all(ids.map((id) => songStatus(station, id)));
            const failed = statuses.filter((status) => status.status === 'failed');
            if (failed.length > 0) throw new Error(`songs failed: ${JSON.stringify(failed)}`);
            return statuses.every((status) => status.status === 'queued');
          },
          240_000,
        );

        // Each job ran once, on one of the three downloaders.
        const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
        const perWorker = new Map<string, number>();
        for (const job of jobs) {
          expect(job?.attemptsMade).toBe(1);
          expect(job?.finishedOn).toBeGreaterThan(0);
          // hostname:pid:nonce; the station's own downloader runs under the machine's hostname.
          const worker = (job?.returnvalue as { worker?: string } | undefined)?.worker ?? 'unknown';
          const host = worker.split(':')[0] ?? worker;
          perWorker.set(host, (perWorker.get(host) ?? 0) + 1);
        }
        console.log(`songs per downloader: ${JSON.stringify(Object.fromEntries(perWorker))}`);
        expect([...perWorker.values()].reduce((sum, n) => sum + n, 0)).toBe(SONGS);
        expect(perWorker.get('downloader-b')).toBeGreaterThan(0);
        expect(perWorker.get('downloader-c')).toBeGreaterThan(0);
        expect(perWorker.size).toBe(3);

        // Every file is in the queue host's music dir, once; the MPD queue holds each song once.
        const files = readdirSync(join(station.dataDir, 'music/user'));
        for (const id of ids) expect(files.filter((file) => file.startsWith(id))).toEqual([`${id}.ogg`]);
        const listed = ((await (await fetch(station.url('/api/queue'))).json()) as { songs: QueueEntry[] }).songs;
        for (const id of ids) expect(listed.filter((song) => song.id === id)).toHaveLength(1);
        // Each extra host worked in its own temp dir, and left nothing there.
        for (const host of hosts) {
          expect(existsSync(join(host.dataDir, 'tmp/downloads'))).toBe(true);
          expect(readdirSync(join(host.dataDir, 'tmp/downloads'))).toEqual([]);
        }
      } finally {
        await Promise.all(
          ids.map((id) => fetch(station.url(`/api/queue/${id}`), { method: 'DELETE', headers: adminAuth })),
        );
        await admin('/admin/resume?playlist=user');
        await queue.close();
      }
    }, 300_000);
  });
});
