import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  countRestart,
  type LivestreamStatus,
  PATTERNS,
  publishSongEvent,
  type QueueEntry,
  type QueueList,
} from '@h4k/contracts';
import { eventually, freePort, parsePrometheusText, type PrometheusSample, sampleValue } from '@h4k/testing';
import { Controller, type INestApplication } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import Redis from 'ioredis';
import request from 'supertest';

import { buildOpenApiDocument } from '../openapi/openapi';
import { reportNowPlaying, SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS } from '../testing/test-gateway';

const ADMIN = TEST_TOKENS.admin;
/** How long the gateway keeps a reading of Icecast or a service (station-readings.ts). */
const READING_TTL_MS = 5000;

/** Stands in for the queue and livestream services on the real Redis transport. */
@Controller()
class ServicesStandIn {
  static songs: QueueEntry[] = [];
  static listCalls = 0;

  @MessagePattern(PATTERNS.queue.list)
  list(): QueueList {
    ServicesStandIn.listCalls += 1;
    return { songs: ServicesStandIn.songs };
  }

  @MessagePattern(PATTERNS.livestream.status)
  status(): LivestreamStatus {
    return {
      live: { userId: 'dj-ada', label: null, since: null, remainingSeconds: 1234, endsAt: null, headers: null },
    };
  }
}

const entry = (tier: QueueEntry['tier'], title: string): QueueEntry => ({
  tier,
  title,
  id: null,
  artist: null,
  durationSeconds: null,
  submitter: null,
  current: false,
});

/** Icecast's status page as Icecast 2.4 writes it: one source is an object, several an array. */
function icecastStatus(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/status-json.xsl') return void res.writeHead(404).end();
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        icestats: {
          source: [
            { listenurl: 'http://radio.example:8000/other', listeners: 9 },
            { listenurl: 'http://radio.example:8000/radio', listeners: 3 },
          ],
        },
      }),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('GET /metrics', () => {
  const rig = new SpecRig();
  let client: Redis;
  let app: INestApplication;

  const scrape = async (): Promise<PrometheusSample[]> => {
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;(.*;)? version=0\.0\.4(;|$)/);
    return parsePrometheusText(response.text);
  };
  const report = (tier: string, title: string | null) => reportNowPlaying(app, { tier, title, artist: null });
  const onAir = (samples: PrometheusSample[]) =>
    Object.fromEntries(
      ['live', 'user', 'fallback', 'noise'].map((tier) => [tier, sampleValue(samples, 'h4k_tier_on_air', { tier })]),
    );

  beforeAll(async () => {
    client = new Redis({ port: rig.redis.port, lazyConnect: true });
    rig.onClose(() => client.disconnect());
    const icecast = await icecastStatus();
    rig.onClose(() => icecast.close());
    await rig.standIn([ServicesStandIn]);
    app = await rig.gateway({ env: { ICECAST_PORT: String((icecast.address() as AddressInfo).port) } });
  }, 30_000);

  describe('access', () => {
    it('answers loopback callers without a token, in a text format that parses', async () => {
      const samples = await scrape();
      expect(samples.length).toBeGreaterThan(20);
      // prom-client's Node process metrics are in.
      expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(sampleValue(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    });

    it.each([
      ['a remote address forwarded by Caddy', '203.0.113.7'],
      ['a forged loopback hop before the remote one', '127.0.0.1, 203.0.113.8'],
      ['an address that is not an IP', 'localhost'],
    ])('refuses %s without the admin token', async (_, forwardedFor) => {
      await request(app.getHttpServer()).get('/metrics').set('X-Forwarded-For', forwardedFor).expect(401);
      await request(app.getHttpServer())
        .get('/metrics')
        .set('X-Forwarded-For', forwardedFor)
        .set('Authorization', 'Bearer not-the-admin-token-0123456789')
        .expect(401);
    });

    it('answers a remote caller with the admin token', async () => {
      const response = await request(app.getHttpServer())
        .get('/metrics')
        .set('X-Forwarded-For', '203.0.113.9')
        .set('Authorization', `Bearer ${ADMIN}`)
        .expect(200);
      expect(sampleValue(parsePrometheusText(response.text), 'h4k_listeners')).toBe(3);
    });

    it('is not in the OpenAPI spec (a text route for scrapers, not the JSON API)', () => {
      const paths = Object.keys(buildOpenApiDocument(app).paths);
      expect(paths).toContain('/health');
      expect(paths).not.toContain('/metrics');
    });
  });

  describe('the tier on air', () => {
    it('moves the tier gauges, counts each switch and adds up the seconds off air', async () => {
      // A fresh Redis: the gateway starts on the noise tier, off air.
      expect(onAir(await scrape())).toEqual({ live: 0, user: 0, fallback: 0, noise: 1 });
      const health = await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${ADMIN}`);
      expect((health.body as { details: Record<string, object> }).details['on_air']).toEqual({
        status: 'down',
        tier: 'noise',
      });
      await new Promise((resolve) => setTimeout(resolve, 300));

      await report('fallback', 'House tune');
      const onFallback = await scrape();
      expect(onAir(onFallback)).toEqual({ live: 0, user: 0, fallback: 1, noise: 0 });
      expect(sampleValue(onFallback, 'h4k_tier_switches_total', { from: 'noise', to: 'fallback' })).toBe(1);
      const deadAir = sampleValue(onFallback, 'h4k_dead_air_seconds_total') ?? 0;
      expect(deadAir).toBeGreaterThanOrEqual(0.3);
      const healthOnAir = await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${ADMIN}`);
      expect((healthOnAir.body as { details: Record<string, object> }).details['on_air']).toEqual({
        status: 'up',
        tier: 'fallback',
      });

      await report('fallback', 'Next house tune'); // a new song, the same tier: no switch
      await report('user', 'Song A');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const onUser = await scrape();
      expect(onAir(onUser)).toEqual({ live: 0, user: 1, fallback: 0, noise: 0 });
      expect(sampleValue(onUser, 'h4k_tier_switches_total', { from: 'noise', to: 'fallback' })).toBe(1);
      expect(sampleValue(onUser, 'h4k_tier_switches_total', { from: 'fallback', to: 'user' })).toBe(1);
      expect(sampleValue(onUser, 'h4k_tier_switches_total', { from: 'fallback', to: 'fallback' })).toBeUndefined();
      // Not off air since the switch: the count stood still.
      expect(sampleValue(onUser, 'h4k_dead_air_seconds_total')).toBe(deadAir);

      await report('noise', null);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const offAir = await scrape();
      expect(onAir(offAir)).toEqual({ live: 0, user: 0, fallback: 0, noise: 1 });
      expect(sampleValue(offAir, 'h4k_tier_switches_total', { from: 'user', to: 'noise' })).toBe(1);
      expect(sampleValue(offAir, 'h4k_dead_air_seconds_total')).toBeGreaterThanOrEqual(deadAir + 0.3);
    }, 20_000);
  });

  describe('downloads', () => {
    const outcomes = (samples: PrometheusSample[]) =>
      Object.fromEntries(
        ['downloaded', 'failed', 'cancelled'].map((outcome) => [
          outcome,
          sampleValue(samples, 'h4k_downloads_total', { outcome }),
        ]),
      );
    const timed = (samples: PrometheusSample[], outcome: string) =>
      sampleValue(samples, 'h4k_download_duration_seconds_count', { outcome }) ?? 0;

    it('counts each outcome from the song events, and times the downloads it saw start', async () => {
      expect(outcomes(await scrape())).toEqual({ downloaded: 0, failed: 0, cancelled: 0 });
      const [done, broken, cancelled, unseen] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await publishSongEvent(client, { id: done, status: 'downloading', percent: 0, target: 'user', owner: 'o' });
      await publishSongEvent(client, { id: broken, status: 'downloading', percent: 0 });
      await publishSongEvent(client, { id: cancelled, status: 'processing', percent: 10 });
      await new Promise((resolve) => setTimeout(resolve, 250));
      await publishSongEvent(client, { id: done, status: 'processing', percent: 50 });
      await publishSongEvent(client, { id: done, status: 'ready', target: 'user', file: '/x.ogg' });
      await publishSongEvent(client, { id: broken, status: 'failed', reason: 'no such video' });
      await publishSongEvent(client, { id: cancelled, status: 'removed' });
      // Started before this gateway was up: its outcome counts, with no duration.
      await publishSongEvent(client, { id: unseen, status: 'failed', reason: 'too long' });
      // Events after the download are not outcomes.
      await publishSongEvent(client, { id: done, status: 'queued', position: 0 });
      await publishSongEvent(client, { id: done, status: 'played' });

      let samples: PrometheusSample[] = [];
      await eventually('outcomes counted', async () => {
        samples = await scrape();
        return outcomes(samples)['cancelled'] === 1;
      });
      expect(outcomes(samples)).toEqual({ downloaded: 1, failed: 2, cancelled: 1 });
      expect([timed(samples, 'downloaded'), timed(samples, 'failed'), timed(samples, 'cancelled')]).toEqual([1, 1, 1]);
      const downloadedSeconds = sampleValue(samples, 'h4k_download_duration_seconds_sum', { outcome: 'downloaded' });
      expect(downloadedSeconds).toBeGreaterThanOrEqual(0.25);
      expect(downloadedSeconds).toBeLessThan(5);
      expect(sampleValue(samples, 'h4k_download_duration_seconds_bucket', { outcome: 'downloaded', le: '+Inf' })).toBe(
        1,
      );
    });
  });

  describe('readings from the station', () => {
    it("reads the user queue's length and the live DJ's seconds left from the services, once per few seconds", async () => {
      ServicesStandIn.songs = [entry('user', 'A'), entry('user', 'B'), entry('fallback', 'C')];
      await new Promise((resolve) => setTimeout(resolve, READING_TTL_MS)); // earlier scrapes' readings expire
      ServicesStandIn.listCalls = 0;
      const first = await scrape();
      expect(sampleValue(first, 'h4k_queue_depth')).toBe(2);
      expect(sampleValue(first, 'h4k_live_seconds_remaining')).toBe(1234);
      expect(sampleValue(first, 'h4k_listeners')).toBe(3);
      ServicesStandIn.songs = [];
      await Promise.all([scrape(), scrape(), scrape()]);
      expect(sampleValue(await scrape(), 'h4k_queue_depth')).toBe(2);
      expect(ServicesStandIn.listCalls).toBe(1);
    }, 15_000);

    it('exposes the runner restarts it finds in Redis, per process', async () => {
      expect(sampleValue(await scrape(), 'h4k_process_restarts_total', { process: 'queue' })).toBeUndefined();
      await countRestart(client, 'queue');
      await countRestart(client, 'queue');
      await countRestart(client, 'liquidsoap');
      const samples = await scrape();
      expect(sampleValue(samples, 'h4k_process_restarts_total', { process: 'queue' })).toBe(2);
      expect(sampleValue(samples, 'h4k_process_restarts_total', { process: 'liquidsoap' })).toBe(1);
    });
  });
});

describe('GET /metrics when the station does not answer', () => {
  const rig = new SpecRig();
  let app: INestApplication;

  beforeAll(async () => {
    // Nothing listens on Icecast's port and no service answers on this Redis.
    app = await rig.gateway({ env: { ICECAST_PORT: String(await freePort()), RPC_TIMEOUT_MS: '500' } });
  }, 30_000);

  it('reads the missing parts as NaN (unknown), within the read deadline', async () => {
    const started = Date.now();
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const samples = parsePrometheusText(response.text);
    for (const name of ['h4k_listeners', 'h4k_queue_depth', 'h4k_live_seconds_remaining']) {
      expect({ name, value: sampleValue(samples, name) }).toEqual({ name, value: Number.NaN });
    }
  });
});
