import { setTimeout as sleep } from 'node:timers/promises';

import { freePort, type OwnedProcess, startRedis } from '@h4k/testing';
import { RpcException } from '@nestjs/microservices';
import type { TestingModule } from '@nestjs/testing';
import type Redis from 'ioredis';

import { LiveOverview } from '../overview/live-overview';
import { REDIS_KEYS } from '../redis/keys';
import { LiveSessions } from '../session/live-sessions';
import { Authorizer } from '../slot/authorizer';
import { bootLivestream, claims, NO_HEADERS, redisClient, usedMs } from '../testing/livestream-rig.e2e';
import { UsageReset } from './usage-reset';

/** Streamed-time accounting against a real Redis; Liquidsoap is absent, so callbacks are taken at their word. */
describe('streamed-time accounting', () => {
  let redis: { port: number; process: OwnedProcess };
  let moduleRef: TestingModule;
  let data: Redis;
  let authorizer: Authorizer;
  let sessions: LiveSessions;
  let overview: LiveOverview;
  let reset: UsageReset;

  beforeAll(async () => {
    redis = await startRedis();
    moduleRef = await bootLivestream(redis.port, await freePort());
    authorizer = moduleRef.get(Authorizer);
    sessions = moduleRef.get(LiveSessions);
    overview = moduleRef.get(LiveOverview);
    reset = moduleRef.get(UsageReset);
    data = redisClient(redis.port);
  }, 30_000);

  afterAll(async () => {
    await moduleRef?.close();
    data?.disconnect();
    await redis?.process.stop();
  });

  const goLive = async (userId: string) => {
    await authorizer.authorize(claims(userId, 60));
    return sessions.connect({ ...NO_HEADERS, name: `${userId} FM` });
  };

  /*
   * Time spans are measured around each call rather than assumed from the sleeps: a loaded machine
   * only ever lengthens them. The service shows usage rounded to the nearest second and remaining time
   * rounded down.
   */
  const expectUsedSeconds = (seconds: number | undefined, minMs: number, maxMs: number) => {
    expect(seconds).toBeGreaterThanOrEqual(Math.round(minMs / 1000));
    expect(seconds).toBeLessThanOrEqual(Math.round(maxMs / 1000));
  };
  const expectRemainingSeconds = (
    seconds: number | undefined,
    leftMs: number,
    minUsedMs: number,
    maxUsedMs: number,
  ) => {
    expect(seconds).toBeGreaterThanOrEqual(Math.floor((leftMs - maxUsedMs) / 1000));
    expect(seconds).toBeLessThanOrEqual(Math.floor((leftMs - minUsedMs) / 1000));
  };

  it('charges a session its elapsed time, continues from the total on reconnect, counts a repeated disconnect once', async () => {
    const connectFrom = Date.now();
    const first = await goLive('ada');
    const connectedAt = Date.now();
    expect(first).toMatchObject({ userId: 'ada', label: 'show of ada', remainingSeconds: 60 });
    expect(first.headers?.name).toBe('ada FM');
    await sleep(2_000);
    // In progress: already counted, for the admin and for a reconnecting encoder.
    const readFrom = Date.now();
    const inProgress = (await overview.users()).find((user) => user.userId === 'ada')?.usedSeconds;
    expectUsedSeconds(inProgress, readFrom - connectedAt, Date.now() - connectFrom);
    const endFrom = Date.now();
    const ended = await sessions.disconnect();
    const afterFirst = await usedMs(data, 'ada');
    expect(afterFirst).toBeGreaterThanOrEqual(endFrom - connectedAt);
    expect(afterFirst).toBeLessThanOrEqual(Date.now() - connectFrom);
    expect(ended).toEqual({ userId: 'ada', streamedSeconds: Math.round(afterFirst / 1000) });
    expect(await data.get(REDIS_KEYS.session)).toBeNull();
    expect(await data.get(REDIS_KEYS.slot)).toBeNull();
    expect(await data.ttl(REDIS_KEYS.used('ada'))).toBeGreaterThan(29 * 24 * 3600);

    // Liquidsoap's on_disconnect fires several times for one disconnect.
    expect(await sessions.disconnect()).toEqual({ userId: null, streamedSeconds: 0 });
    expect(await sessions.disconnect()).toEqual({ userId: null, streamedSeconds: 0 });
    expect(await usedMs(data, 'ada')).toBe(afterFirst);

    // Reconnecting never resets the allowance: it continues from the total.
    expect(await authorizer.authorize(claims('ada', 60))).toEqual({
      userId: 'ada',
      remainingSeconds: Math.floor(60 - afterFirst / 1000),
    });
    const reconnectFrom = Date.now();
    await sessions.connect(NO_HEADERS);
    const reconnectedAt = Date.now();
    await sleep(1_000);
    const statusFrom = Date.now();
    const live = (await overview.status()).live;
    expect(live?.userId).toBe('ada');
    expectRemainingSeconds(
      live?.remainingSeconds,
      60_000 - afterFirst,
      statusFrom - reconnectedAt,
      Date.now() - reconnectFrom,
    );
    const endAgainFrom = Date.now();
    await sessions.disconnect();
    const total = await usedMs(data, 'ada');
    expect(total - afterFirst).toBeGreaterThanOrEqual(endAgainFrom - reconnectedAt);
    expect(total - afterFirst).toBeLessThanOrEqual(Date.now() - reconnectFrom);
    expect(await overview.users()).toEqual([
      {
        userId: 'ada',
        usedSeconds: Math.round(total / 1000),
        maxStreamingSeconds: 60,
        remainingSeconds: Math.floor(60 - total / 1000),
        kicked: false,
      },
    ]);
  }, 15_000);

  it('resets a user to zero, and gives a DJ on air a full allowance from the reset on', async () => {
    await data.set(REDIS_KEYS.used('bea'), 50_000);
    const connectFrom = Date.now();
    await goLive('bea');
    expectRemainingSeconds((await overview.status()).live?.remainingSeconds, 10_000, 0, Date.now() - connectFrom);
    const resetFrom = Date.now();
    expect(await reset.reset('bea')).toEqual({ userId: 'bea', usedSeconds: 0 });
    const resetAt = Date.now();
    expect(await usedMs(data, 'bea')).toBe(0);
    expectRemainingSeconds((await overview.status()).live?.remainingSeconds, 60_000, 0, Date.now() - resetFrom);
    await sleep(500);
    const endFrom = Date.now();
    const { streamedSeconds } = await sessions.disconnect();
    const charged = await usedMs(data, 'bea');
    // Only the time after the reset counts.
    expect(charged).toBeGreaterThanOrEqual(endFrom - resetAt);
    expect(charged).toBeLessThanOrEqual(Date.now() - resetFrom);
    expect(streamedSeconds).toBe(Math.round(charged / 1000));
    expect(await reset.reset('bea')).toEqual({ userId: 'bea', usedSeconds: 0 });
    expect((await overview.users()).find((user) => user.userId === 'bea')).toEqual({
      userId: 'bea',
      usedSeconds: 0,
      maxStreamingSeconds: 60,
      remainingSeconds: 60,
      kicked: false,
    });
  });

  it('answers NOT_FOUND when resetting a user it never saw', async () => {
    const error = await reset.reset('nobody').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RpcException);
    expect((error as RpcException).getError()).toEqual({
      code: 'NOT_FOUND',
      message: 'no streaming record for user nobody',
    });
  });

  it('never shows a set twice while it ends: the admin views read the usage and the session as one', async () => {
    await goLive('eve');
    await sleep(2_000);
    // The admin's views, read over and over while the set ends (the end moves its time into the counters).
    const readings: number[] = [];
    let ending = true;
    const read = async () => {
      while (ending) {
        const [users, status] = await Promise.all([overview.users(), overview.status()]);
        readings.push(users.find((user) => user.userId === 'eve')?.usedSeconds ?? 0);
        if (status.live?.userId === 'eve') readings.push(60 - (status.live.remainingSeconds ?? 60));
      }
    };
    const readers = Promise.all([read(), read(), read(), read()]);
    await sleep(50);
    const ended = await sessions.disconnect();
    expect(ended.userId).toBe('eve');
    expect(ended.streamedSeconds).toBeGreaterThanOrEqual(2);
    await sleep(50);
    ending = false;
    await readers;
    expect(readings.length).toBeGreaterThan(4);
    // A set counted twice reads about twice its length; a reading rounded up is at most a second over.
    expect(readings.filter((seconds) => seconds > ended.streamedSeconds + 1)).toEqual([]);
  });
});
