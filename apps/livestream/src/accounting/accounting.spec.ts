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

  it('charges a session its elapsed time, continues from the total on reconnect, counts a repeated disconnect once', async () => {
    const first = await goLive('ada');
    expect(first).toMatchObject({ userId: 'ada', label: 'show of ada', remainingSeconds: 60 });
    expect(first.headers?.name).toBe('ada FM');
    await sleep(2_000);
    // In progress: already counted, for the admin and for a reconnecting encoder.
    expect((await overview.users()).find((user) => user.userId === 'ada')).toMatchObject({ usedSeconds: 2 });
    expect(await sessions.disconnect()).toEqual({ userId: 'ada', streamedSeconds: 2 });
    const afterFirst = await usedMs(data, 'ada');
    expect(afterFirst).toBeGreaterThanOrEqual(1_950);
    expect(afterFirst).toBeLessThan(2_400);
    expect(await data.get(REDIS_KEYS.session)).toBeNull();
    expect(await data.get(REDIS_KEYS.slot)).toBeNull();
    expect(await data.ttl(REDIS_KEYS.used('ada'))).toBeGreaterThan(29 * 24 * 3600);

    // Liquidsoap's on_disconnect fires several times for one disconnect.
    expect(await sessions.disconnect()).toEqual({ userId: null, streamedSeconds: 0 });
    expect(await sessions.disconnect()).toEqual({ userId: null, streamedSeconds: 0 });
    expect(await usedMs(data, 'ada')).toBe(afterFirst);

    // Reconnecting never resets the allowance: it continues from the total.
    expect(await authorizer.authorize(claims('ada', 60))).toEqual({ userId: 'ada', remainingSeconds: 57 });
    await sessions.connect(NO_HEADERS);
    await sleep(1_000);
    expect((await overview.status()).live).toMatchObject({ userId: 'ada', remainingSeconds: 56 });
    await sessions.disconnect();
    const total = await usedMs(data, 'ada');
    expect(total - afterFirst).toBeGreaterThanOrEqual(950);
    expect(total - afterFirst).toBeLessThan(1_400);
    expect(await overview.users()).toEqual([
      {
        userId: 'ada',
        usedSeconds: 3,
        maxStreamingSeconds: 60,
        remainingSeconds: Math.floor(60 - total / 1000),
        kicked: false,
      },
    ]);
  }, 15_000);

  it('resets a user to zero, and gives a DJ on air a full allowance from the reset on', async () => {
    await data.set(REDIS_KEYS.used('bea'), 50_000);
    await goLive('bea');
    // Whole seconds, rounded down: 9 once a millisecond has passed since the connect, 10 within it.
    expect([9, 10]).toContain((await overview.status()).live?.remainingSeconds);
    expect(await reset.reset('bea')).toEqual({ userId: 'bea', usedSeconds: 0 });
    expect(await usedMs(data, 'bea')).toBe(0);
    expect([59, 60]).toContain((await overview.status()).live?.remainingSeconds);
    await sleep(500);
    const { streamedSeconds } = await sessions.disconnect();
    expect(streamedSeconds).toBe(1);
    const charged = await usedMs(data, 'bea');
    // Only the time after the reset counts.
    expect(charged).toBeGreaterThanOrEqual(450);
    expect(charged).toBeLessThan(900);
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
    await sleep(2_200);
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
    expect(await sessions.disconnect()).toEqual({ userId: 'eve', streamedSeconds: 2 });
    await sleep(50);
    ending = false;
    await readers;
    expect(readings.length).toBeGreaterThan(4);
    expect(readings.filter((seconds) => seconds > 3)).toEqual([]);
  });
});
