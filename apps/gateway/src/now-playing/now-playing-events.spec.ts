import { eventually, freePort } from '@h4k/testing';
import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';

import { EventStreamClient } from '../testing/event-stream-client.e2e';
import { reportNowPlaying, SpecRig } from '../testing/spec-rig.e2e';
import type { NowPlaying } from './now-playing.dto';
import { NOW_PLAYING_HEARTBEAT_MS, NowPlayingEvents } from './now-playing-events';

const HEARTBEAT_MS = 300;

describe('GET /now-playing/events', () => {
  const rig = new SpecRig();
  let app: INestApplication;
  let port: number;
  let redisClient: Redis;
  const clients: EventStreamClient<NowPlaying>[] = [];

  const open = (headers?: Record<string, string>) => {
    const client = new EventStreamClient<NowPlaying>(port, { headers });
    clients.push(client);
    return client;
  };
  const report = (body: object) => reportNowPlaying(app, body);

  beforeAll(async () => {
    port = await freePort();
    app = await rig.gateway({
      // Hundreds of streams from this one test address: the per-address cap is tested in limits.spec.ts.
      env: { SSE_STREAMS_PER_ADDRESS: '1000' },
      values: [[NOW_PLAYING_HEARTBEAT_MS, HEARTBEAT_MS]],
      listenPort: port,
    });
    redisClient = new Redis({ port: rig.redis.port, host: '127.0.0.1' });
    rig.onClose(() => redisClient.disconnect());
  }, 30_000);

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  it('sends the current state on connect, then every change', async () => {
    const client = open();
    await eventually('first event', () => client.events.length === 1, 5000);
    expect(client.status).toBe(200);
    expect(client.contentType).toMatch(/^text\/event-stream/);
    const current = (await request(app.getHttpServer()).get('/now-playing').expect(200)).body as NowPlaying;
    // elapsedSeconds is as of each write: the two may straddle a second.
    expect(client.events[0]?.data).toEqual({ ...current, elapsedSeconds: expect.any(Number) });

    await report({ tier: 'fallback', title: 'Starter 1', artist: 'h4k' });
    await eventually('change pushed', () => client.events.length === 2, 5000);
    expect(client.events[1]?.data).toEqual(
      expect.objectContaining({ tier: 'fallback', title: 'Starter 1', artist: 'h4k' }),
    );
    expect(Number(client.events[1]?.id)).toBeGreaterThan(Number(client.events[0]?.id));
  });

  it('pushes a repeated report of the same track once', async () => {
    await report({ tier: 'user', title: 'Twice', artist: null });
    const client = open();
    await eventually('current state', () => client.events.length === 1, 5000);
    await report({ tier: 'user', title: 'Twice', artist: null });
    await report({ tier: 'user', title: 'Then this', artist: null });
    await eventually('next track', () => client.events.length === 2, 5000);
    expect(client.events.map((event) => event.data.title)).toEqual(['Twice', 'Then this']);
  });

  it('catches a reconnecting client up by Last-Event-ID, and sends nothing twice', async () => {
    const first = open();
    await eventually('current state', () => first.events.length === 1, 5000);
    const seen = first.lastId ?? '';
    first.close();

    const upToDate = open({ 'Last-Event-ID': seen });
    await eventually('stream open', () => upToDate.status === 200, 5000);
    await new Promise((resolve) => setTimeout(resolve, 2 * HEARTBEAT_MS));
    expect(upToDate.events).toEqual([]);

    await report({ tier: 'live', title: 'Ada live', artist: null });
    const behind = open({ 'Last-Event-ID': seen });
    await eventually('missed change', () => behind.events.length === 1, 5000);
    expect(behind.events[0]?.data.title).toBe('Ada live');
    await eventually('change on the up-to-date stream', () => upToDate.events.length === 1, 5000);
    expect(upToDate.events[0]?.id).toBe(behind.events[0]?.id);
  });

  it('answers HEAD with the headers only, keeping no stream open', async () => {
    const response = await request(app.getHttpServer()).head('/now-playing/events').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = app.get(NowPlayingEvents);
    await eventually('no stream left open', () => events.openStreams === 0, 5000);
  });

  it('sends a heartbeat comment on the shared interval', async () => {
    const client = open();
    await eventually('two heartbeats', () => client.comments.filter((c) => c === 'heartbeat').length >= 2, 5000);
  });

  it('fans out to many clients from memory: no Redis command per client, none left open after they go', async () => {
    const callsBefore = await redisCalls(redisClient);
    const many = Array.from({ length: 200 }, () => open());
    await eventually('all got the current state', () => many.every((client) => client.events.length === 1), 10_000);
    expect(await redisCalls(redisClient)).toBe(callsBefore + 1); // the INFO of the line above, nothing else

    await report({ tier: 'fallback', title: 'For everyone', artist: null });
    await eventually(
      'all got the change',
      () => many.every((client) => client.events[1]?.data.title === 'For everyone'),
      10_000,
    );
    for (const client of many) client.close();
    const events = app.get(NowPlayingEvents);
    await eventually('streams closed', () => events.openStreams === 0, 5000);
  }, 30_000);
});

/** Commands Redis has run in total (INFO commandstats), excluding nothing. */
async function redisCalls(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}
