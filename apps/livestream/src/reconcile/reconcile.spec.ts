import { setTimeout as sleep } from 'node:timers/promises';

import { freePort, type OwnedProcess, startRedis } from '@h4k/testing';
import type { TestingModule } from '@nestjs/testing';
import type Redis from 'ioredis';

import { SessionEnforcer } from '../enforcement/session-enforcer';
import { LiveOverview } from '../overview/live-overview';
import { REDIS_KEYS } from '../redis/keys';
import { LiveSessions } from '../session/live-sessions';
import { SessionStore } from '../session/session.store';
import { Authorizer } from '../slot/authorizer';
import {
  bootLivestream,
  claims,
  redisClient,
  setUsedMs,
  TEST_TIMINGS,
  TestLiquidsoap,
  usedMs,
} from '../testing/livestream-rig.e2e';

/** A restarted service picks up the session a previous instance left in Redis. */
describe('reconciliation on restart', () => {
  let redis: { port: number; process: OwnedProcess };
  let liquidsoap: TestLiquidsoap;
  let data: Redis;
  const encoders: OwnedProcess[] = [];
  const instances: TestingModule[] = [];

  const boot = async (telnetPort = liquidsoap.telnetPort): Promise<TestingModule> => {
    const instance = await bootLivestream(redis.port, telnetPort);
    instances.push(instance);
    return instance;
  };

  /**
   * A first instance puts `userId` on air with `leftMs` of a 60 s allowance (with a real encoder on the
   * harbor unless `encoder` is false), then stops (a crash or a deploy).
   */
  const liveThenStop = async (userId: string, leftMs: number, withEncoder = true) => {
    await setUsedMs(data, userId, 60_000 - leftMs);
    const first = await bootLivestream(redis.port, liquidsoap.telnetPort);
    try {
      await first.get(Authorizer).authorize(claims(userId, 60));
      const encoder = withEncoder ? await liquidsoap.connectEncoder() : null;
      if (encoder) encoders.push(encoder);
      // A loaded machine may take longer than the test lease (2 s) to get ffmpeg onto the harbor: the
      // grant is taken again, as Liquidsoap's auth callback does on each connection, so it is still there.
      await first.get(Authorizer).authorize(claims(userId, 60));
      await first.get(LiveSessions).connect({ name: 'night shift', description: null, genre: 'techno', url: null });
      const session = await first.get(SessionStore).current();
      const cutoff = session && first.get(SessionEnforcer).cutoffOf(session.id);
      if (!session || !cutoff) throw new Error('the first instance did not start the session');
      return { session, cutoff, encoder };
    } finally {
      await first.close();
    }
  };

  beforeAll(async () => {
    [redis, liquidsoap] = await Promise.all([startRedis(), TestLiquidsoap.start()]);
    data = redisClient(redis.port);
  }, 40_000);

  afterEach(async () => {
    await Promise.all(instances.splice(0).map((instance) => instance.close()));
    await Promise.all(encoders.splice(0).map((encoder) => encoder.stop()));
    await data.flushall();
  });

  afterAll(async () => {
    data?.disconnect();
    await liquidsoap?.stop();
    await redis?.process.stop();
  });

  it('keeps a DJ still on air, renews the lease and cuts them off at the original moment', async () => {
    // Time for the lease to lapse and a second instance to boot on a loaded machine before the cut-off.
    const { session, cutoff } = await liveThenStop('eve', 8_000);
    // The stopped instance no longer renews: let the lease lapse to show the new one takes it back.
    await sleep(TEST_TIMINGS.leaseMs + 200);
    expect(await data.get(REDIS_KEYS.slot)).toBeNull();

    const second = await boot();
    expect(second.get(SessionEnforcer).cutoffOf(session.id)).toBe(cutoff);
    expect(await data.get(REDIS_KEYS.slot)).toBe('eve');
    expect(await data.pttl(REDIS_KEYS.slot)).toBeGreaterThan(0);
    expect((await second.get(LiveOverview).status()).live).toMatchObject({
      userId: 'eve',
      since: new Date(session.startedAt).toISOString(),
      headers: { name: 'night shift', genre: 'techno' },
    });
    await expect(second.get(Authorizer).authorize(claims('frank'))).rejects.toMatchObject({
      error: { code: 'CONFLICT' },
    });

    await sleep(cutoff - 300 - Date.now());
    expect(await liquidsoap.sourceConnected()).toBe(true);
    await sleep(cutoff + 1_000 - Date.now());
    expect(await liquidsoap.sourceConnected()).toBe(false);
    expect(await second.get(SessionStore).current()).toBeNull();
    expect(await usedMs(data, 'eve')).toBeGreaterThanOrEqual(60_000);
  }, 30_000);

  it('charges a DJ who left while the service was down up to now, and frees the slot', async () => {
    const { session, encoder } = await liveThenStop('gus', 30_000);
    await encoder?.stop();
    await sleep(1_000);

    // Charged up to the second instance's start-up check: after its boot began, before it ended.
    const bootedFrom = Date.now();
    const second = await boot();
    const charged = await usedMs(data, 'gus');
    expect(charged - 30_000).toBeGreaterThanOrEqual(bootedFrom - session.startedAt);
    expect(charged - 30_000).toBeLessThanOrEqual(Date.now() - session.startedAt);
    expect(await second.get(SessionStore).current()).toBeNull();
    expect(await data.get(REDIS_KEYS.slot)).toBeNull();
    await expect(second.get(Authorizer).authorize(claims('hana'))).resolves.toMatchObject({ userId: 'hana' });
  });

  it('never charges past the cut-off a DJ could not have been allowed beyond', async () => {
    const { cutoff, encoder } = await liveThenStop('ivy', 1_000);
    await encoder?.stop();
    await sleep(cutoff + 1_000 - Date.now());

    await boot();
    expect(await usedMs(data, 'ivy')).toBe(60_000);
    expect(await data.get(REDIS_KEYS.session)).toBeNull();
  });

  it('keeps the session when Liquidsoap cannot be asked', async () => {
    await liveThenStop('jon', 30_000, false);
    const blind = await boot(await freePort());
    await expect(blind.get(SessionStore).current()).resolves.toMatchObject({ userId: 'jon' });
    expect(await data.get(REDIS_KEYS.slot)).toBe('jon');
    // Longer than a lease: the slot is still there only if it was renewed.
    await sleep(TEST_TIMINGS.leaseMs + TEST_TIMINGS.renewEveryMs);
    // Still kept (and renewed) while Liquidsoap stays unreachable.
    await expect(blind.get(SessionStore).current()).resolves.toMatchObject({ userId: 'jon' });
    expect(await data.get(REDIS_KEYS.slot)).toBe('jon');
  });
});
