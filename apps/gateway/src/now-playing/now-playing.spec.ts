import { setTimeout as sleep } from 'node:timers/promises';

import { type LiveSession, PATTERNS, type PlaybackState, type QueueEntry, type QueueList } from '@h4k/contracts';
import { eventually, freePort } from '@h4k/testing';
import { Controller, type INestApplication, type INestMicroservice } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import request from 'supertest';

import { EventStreamClient } from '../testing/event-stream-client.e2e';
import { startServiceStandIn } from '../testing/service-stand-in';
import { SpecRig } from '../testing/spec-rig.e2e';
import { createTestGateway, TEST_TOKENS } from '../testing/test-gateway';
import type { NowPlaying } from './now-playing.dto';

const LIQUIDSOAP_TOKEN = TEST_TOKENS.liquidsoap;
/** A report must be answered well before a lookup could have finished (slow stand-in, or the 2 s RPC deadline). */
const PROMPT_MS = 1000;

/** Stands in for the queue and livestream services on the real Redis transport. */
@Controller()
class ServicesStandIn {
  static songs: QueueEntry[] = [];
  static listCalls = 0;
  static delayMs = 0;

  @MessagePattern(PATTERNS.queue.list)
  async list(): Promise<QueueList> {
    ServicesStandIn.listCalls += 1;
    const songs = ServicesStandIn.songs; // as it was when asked
    if (ServicesStandIn.delayMs > 0) await sleep(ServicesStandIn.delayMs);
    return { songs };
  }

  @MessagePattern(PATTERNS.livestream.connected)
  connected(): LiveSession {
    return {
      userId: 'dj-ada',
      label: 'token label',
      since: new Date().toISOString(),
      remainingSeconds: 600,
      endsAt: new Date(Date.now() + 600_000).toISOString(),
      headers: null,
    };
  }

  @MessagePattern(PATTERNS.queue.liveStarted)
  liveStarted(): PlaybackState {
    return { playlist: 'user', state: 'pause', title: null, artist: null, queued: 0, hold: 'live' };
  }

  @MessagePattern(PATTERNS.queue.liveEnded)
  liveEnded(): PlaybackState {
    return { playlist: 'user', state: 'play', title: null, artist: null, queued: 0, hold: null };
  }

  @MessagePattern(PATTERNS.livestream.disconnected)
  disconnected(): { userId: string | null; streamedSeconds: number } {
    return { userId: 'dj-ada', streamedSeconds: 60 };
  }
}

const song = (entry: Partial<QueueEntry> & Pick<QueueEntry, 'tier' | 'title'>): QueueEntry => ({
  id: null,
  artist: null,
  durationSeconds: null,
  submitter: null,
  current: false,
  ...entry,
});

/** The now-playing states on a stream, with a look-up by title. */
class Events extends EventStreamClient<NowPlaying> {
  titled(title: string): NowPlaying[] {
    return this.received.filter((event) => event.title === title);
  }
}

describe('now-playing: duration, submitter, elapsed time and the live show', () => {
  const rig = new SpecRig();
  let app: INestApplication;
  let port: number;
  let standIn: INestMicroservice | undefined;
  const streams: Events[] = [];
  const internal = (path: string, body: object) =>
    request(app.getHttpServer())
      .post(`/internal/${path}`)
      .set('Authorization', `Bearer ${LIQUIDSOAP_TOKEN}`)
      .send(body);
  /** Reports like Liquidsoap; resolves with how long the gateway took to answer. */
  const report = async (body: object): Promise<number> => {
    const started = Date.now();
    await internal('now-playing', body).expect(204);
    return Date.now() - started;
  };
  const nowPlaying = async () =>
    (await request(app.getHttpServer()).get('/now-playing').expect(200)).body as NowPlaying;
  const openEvents = async () => {
    const events = new Events(port);
    streams.push(events);
    await eventually('current state', () => events.received.length === 1, 5000);
    return events;
  };

  beforeAll(async () => {
    standIn = await startServiceStandIn(rig.redis.port, [ServicesStandIn]);
    rig.onClose(() => standIn?.close());
    port = await freePort();
    app = await rig.gateway({ listenPort: port });
  }, 30_000);

  beforeEach(() => {
    ServicesStandIn.songs = [
      song({ tier: 'user', id: 'a', title: 'Song A', durationSeconds: 215, submitter: 'listener 3f2a', current: true }),
      song({ tier: 'user', id: 'b', title: 'Song B', durationSeconds: 99, submitter: 'listener 9c01' }),
      song({ tier: 'fallback', title: 'House tune', artist: 'h4k', durationSeconds: 181.5, current: true }),
      song({ tier: 'fallback', title: 'Next house tune', durationSeconds: 120 }),
    ];
    ServicesStandIn.listCalls = 0;
    ServicesStandIn.delayMs = 0;
  });

  afterEach(() => {
    for (const events of streams.splice(0)) events.close();
  });

  it("adds the duration and submitter of the queue's current listener song, asked once per change", async () => {
    const events = await openEvents();
    await report({ tier: 'user', title: 'Song A', artist: 'Ada' });

    expect(await nowPlaying()).toEqual({
      tier: 'user',
      title: 'Song A',
      artist: 'Ada',
      durationSeconds: 215,
      submitter: 'listener 3f2a',
      stream: null,
      liveSilent: false,
      since: expect.any(String),
      elapsedSeconds: 0,
    });
    for (let i = 0; i < 5; i++) await nowPlaying();
    expect(ServicesStandIn.listCalls).toBe(1);

    // The details were there in time: one event, already complete.
    await eventually('change pushed', () => events.titled('Song A').length === 1, 5000);
    await sleep(500);
    expect(events.titled('Song A')).toEqual([
      expect.objectContaining({ durationSeconds: 215, submitter: 'listener 3f2a' }),
    ]);
  });

  it('adds a fallback song its duration but no submitter, fills a missing title, and trusts no other song', async () => {
    await report({ tier: 'fallback', title: 'house TUNE ', artist: null });
    expect(await nowPlaying()).toEqual(
      expect.objectContaining({ title: 'house TUNE', artist: 'h4k', durationSeconds: 181.5, submitter: null }),
    );

    ServicesStandIn.songs = [song({ tier: 'fallback', title: 'Untagged file', durationSeconds: 42, current: true })];
    await report({ tier: 'fallback', title: null, artist: null });
    expect(await nowPlaying()).toEqual(
      expect.objectContaining({ tier: 'fallback', title: 'Untagged file', durationSeconds: 42 }),
    );

    // The queue is already on another song than the one Liquidsoap hears: its details would be wrong.
    await report({ tier: 'fallback', title: 'Still the old one', artist: null });
    expect(await nowPlaying()).toEqual(
      expect.objectContaining({ title: 'Still the old one', durationSeconds: null, submitter: null }),
    );
    // A user song is never matched with the fallback's current entry, nor with a song that is not current.
    ServicesStandIn.songs = [
      song({ tier: 'fallback', title: 'Song B', durationSeconds: 1, current: true }),
      song({ tier: 'user', title: 'Song B', durationSeconds: 99, submitter: 'listener 9c01' }),
    ];
    await report({ tier: 'user', title: 'Song B', artist: null });
    expect(await nowPlaying()).toEqual(expect.objectContaining({ durationSeconds: null, submitter: null }));
  });

  it('computes elapsedSeconds at read time from when the track went on air', async () => {
    // Liquidsoap says the state has been on air for 90 s already (its debounce, or retries while we were down).
    await report({ tier: 'fallback', title: 'House tune', artist: 'h4k', age: 90 });
    const first = await nowPlaying();
    expect(Date.now() - Date.parse(first.since)).toBeGreaterThanOrEqual(90_000);
    expect(Date.now() - Date.parse(first.since)).toBeLessThan(92_000);
    expect(first.elapsedSeconds).toBeGreaterThanOrEqual(90);
    expect(first.elapsedSeconds).toBeLessThanOrEqual(91);

    await sleep(1100);
    const later = await nowPlaying();
    expect(later.since).toBe(first.since);
    expect(later.elapsedSeconds).toBeGreaterThanOrEqual(first.elapsedSeconds + 1);

    // A repeated report is the same song still playing: the clock is not reset.
    await report({ tier: 'fallback', title: 'House tune', artist: 'h4k' });
    expect((await nowPlaying()).since).toBe(first.since);

    // The stream carries since and duration, so a client can count on by itself.
    const events = await openEvents();
    expect(events.received[0]).toEqual(
      expect.objectContaining({ since: first.since, durationSeconds: 181.5, elapsedSeconds: expect.any(Number) }),
    );
    expect(events.received[0]?.elapsedSeconds).toBeGreaterThanOrEqual(91);
  });

  it('publishes at once when the queue service is slow, then the details in a second revision', async () => {
    ServicesStandIn.delayMs = 1500;
    const events = await openEvents();
    expect(await report({ tier: 'user', title: 'Song A', artist: 'Slow' })).toBeLessThan(PROMPT_MS);
    expect(await nowPlaying()).toEqual(
      expect.objectContaining({ title: 'Song A', artist: 'Slow', durationSeconds: null, submitter: null }),
    );

    await eventually('details pushed', () => events.titled('Song A').length === 2, 5000);
    const [bare, detailed] = events.titled('Song A');
    expect(bare).toEqual(expect.objectContaining({ durationSeconds: null, submitter: null }));
    expect(detailed).toEqual(expect.objectContaining({ durationSeconds: 215, submitter: 'listener 3f2a' }));
    expect(detailed?.since).toBe(bare?.since);
    expect(await nowPlaying()).toEqual(expect.objectContaining({ durationSeconds: 215, submitter: 'listener 3f2a' }));
    expect(ServicesStandIn.listCalls).toBe(1);
  });

  it('drops late details once the next song is on air', async () => {
    ServicesStandIn.delayMs = 800;
    await report({ tier: 'user', title: 'Song A', artist: 'Late' });
    ServicesStandIn.delayMs = 0;
    ServicesStandIn.songs = [song({ tier: 'fallback', title: 'After', durationSeconds: 77, current: true })];
    await report({ tier: 'fallback', title: 'After', artist: null });
    await sleep(1200);
    expect(await nowPlaying()).toEqual(
      expect.objectContaining({ tier: 'fallback', title: 'After', durationSeconds: 77, submitter: null }),
    );
  });

  it('shows the live show from the ice headers, with no duration and no queue lookup', async () => {
    await internal('livestream/connect', {
      headers: { 'ice-name': "Ada's set", 'ice-description': 'Techno till late' },
      address: '127.0.0.1',
    }).expect(200);
    await report({ tier: 'live', title: null, artist: null });
    expect(await nowPlaying()).toEqual({
      tier: 'live',
      title: "Ada's set",
      artist: 'Techno till late',
      durationSeconds: null,
      submitter: null,
      stream: { name: "Ada's set", description: 'Techno till late' },
      liveSilent: false,
      since: expect.any(String),
      elapsedSeconds: 0,
    });
    expect(ServicesStandIn.listCalls).toBe(0);

    // The DJ sends silence: Liquidsoap plays the tier below and says why; the same tier reported again
    // without the flag is a change too.
    await report({ tier: 'fallback', title: null, artist: null, live_silent: true });
    expect(await nowPlaying()).toEqual(expect.objectContaining({ tier: 'fallback', liveSilent: true }));
    await report({ tier: 'fallback', title: null, artist: null });
    expect(await nowPlaying()).toEqual(expect.objectContaining({ tier: 'fallback', liveSilent: false }));
    await report({ tier: 'live', title: null, artist: null, live_silent: false });

    await internal('livestream/disconnect', {}).expect(204);
    expect(await nowPlaying()).toEqual(expect.objectContaining({ tier: 'live', title: null, stream: null }));
  });

  it('serves the same song, details and since after a gateway restart (from Redis)', async () => {
    await report({ tier: 'user', title: 'Song A', artist: 'Kept' });
    const before = await nowPlaying();
    expect(before.durationSeconds).toBe(215);

    const restarted = await createTestGateway(rig.redis.port);
    await restarted.init();
    try {
      const after = (await request(restarted.getHttpServer()).get('/now-playing').expect(200)).body as NowPlaying;
      expect(after).toEqual({ ...before, elapsedSeconds: expect.any(Number) });
    } finally {
      await restarted.close();
    }
  });

  it('does not hold a report back when the queue service is down', async () => {
    await standIn?.close();
    standIn = undefined;
    const events = await openEvents();
    expect(await report({ tier: 'fallback', title: 'Nobody answers', artist: null })).toBeLessThan(PROMPT_MS);
    expect(await nowPlaying()).toEqual(
      expect.objectContaining({ tier: 'fallback', title: 'Nobody answers', durationSeconds: null }),
    );
    await eventually('change pushed', () => events.titled('Nobody answers').length === 1, 5000);
  });
});
