import {
  ContractClient,
  type LivestreamAuthorize,
  PATTERNS,
  redisTransportOptions,
  RpcRemoteError,
  type RpcRequest,
} from '@h4k/contracts';
import { freePort, type OwnedProcess, startRedis } from '@h4k/testing';
import type { INestMicroservice } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import type Redis from 'ioredis';

import { REDIS_KEYS } from '../redis/keys';
import { claims, compileLivestream, redisClient, setUsedMs, TEST_TIMINGS } from '../testing/livestream-rig.e2e';

/** Authorize through the real Redis transport, the way the gateway calls it. */
describe('livestream.authorize over the Redis transport', () => {
  let redis: { port: number; process: OwnedProcess };
  let service: INestMicroservice;
  let client: ContractClient;
  let data: Redis;

  const authorize = (payload: LivestreamAuthorize) => client.send(PATTERNS.livestream.authorize, payload);
  const refusal = async (call: Promise<unknown>): Promise<string> => {
    try {
      await call;
    } catch (error) {
      if (error instanceof RpcRemoteError) return `${error.code}: ${error.message}`;
      throw error;
    }
    return 'granted';
  };

  beforeAll(async () => {
    redis = await startRedis();
    // No Liquidsoap: authorize never needs it.
    const moduleRef = await compileLivestream(redis.port, await freePort());
    service = moduleRef.createNestMicroservice(redisTransportOptions({ host: '127.0.0.1', port: redis.port }));
    await service.listen();
    client = new ContractClient(
      ClientProxyFactory.create(redisTransportOptions({ host: '127.0.0.1', port: redis.port })),
      5_000,
    );
    data = redisClient(redis.port);
  }, 30_000);

  afterAll(async () => {
    await client?.close();
    await service?.close();
    data?.disconnect();
    await redis?.process.stop();
  });

  beforeEach(async () => {
    await data.flushall();
  });

  it('grants exactly one of 100 simultaneous requests and gives the slot to the winner', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, index) => authorize(claims(`dj-${index}`))),
    );
    const granted = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));

    expect(granted).toHaveLength(1);
    expect(refused).toHaveLength(99);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(RpcRemoteError);
      expect(reason).toMatchObject({ code: 'CONFLICT', message: 'another DJ is live' });
    }
    expect(await data.get(REDIS_KEYS.slot)).toBe(granted[0]?.userId);
    expect(granted[0]?.remainingSeconds).toBe(60);
    const status = await client.send(PATTERNS.livestream.status, {});
    expect(status.live).toMatchObject({ userId: granted[0]?.userId, since: null, headers: null });
  });

  it('refuses a user whose allowance is used up, and remembers their latest allowance', async () => {
    await setUsedMs(data, 'spent', 59_500);
    expect(await refusal(authorize(claims('spent', 60)))).toBe('FORBIDDEN: no streaming time left');
    expect(await data.get(REDIS_KEYS.slot)).toBeNull();
    // A token with a larger allowance brings time back.
    expect(await authorize(claims('spent', 120))).toEqual({ userId: 'spent', remainingSeconds: 60 });
    const users = await client.send(PATTERNS.livestream.users, {});
    expect(users).toEqual([
      { userId: 'spent', usedSeconds: 60, maxStreamingSeconds: 120, remainingSeconds: 60, kicked: false },
    ]);
  });

  it('refuses an expired token even if the gateway let it through', async () => {
    const expired = { ...claims('late'), tokenExpiresAt: Math.floor(Date.now() / 1000) - 1 };
    expect(await refusal(authorize(expired))).toBe('FORBIDDEN: token expired');
  });

  it('lets the holder re-authorize (a reconnect) while refusing others', async () => {
    await authorize(claims('alice'));
    expect(await refusal(authorize(claims('bob')))).toBe('CONFLICT: another DJ is live');
    expect(await authorize(claims('alice'))).toEqual({ userId: 'alice', remainingSeconds: 60 });
  });

  it('frees the slot by itself when the authorized encoder never connects', async () => {
    const grantedAt = Date.now();
    await authorize(claims('no-show'));
    expect(await refusal(authorize(claims('next')))).toBe('CONFLICT: another DJ is live');
    const pttl = await data.pttl(REDIS_KEYS.slot);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(TEST_TIMINGS.leaseMs);
    await new Promise((resolve) => setTimeout(resolve, TEST_TIMINGS.leaseMs - (Date.now() - grantedAt) + 100));
    expect(await authorize(claims('next'))).toEqual({ userId: 'next', remainingSeconds: 60 });
  });

  it('answers a garbage payload with BAD_REQUEST', async () => {
    const garbage = { userId: 'no spaces allowed', maxStreamingSeconds: 5, extra: true } as unknown as RpcRequest<
      typeof PATTERNS.livestream.authorize
    >;
    const error = await authorize(garbage).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RpcRemoteError);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect((error as RpcRemoteError).message).toMatch(/userId/);
    expect((error as RpcRemoteError).message).toMatch(/maxStreamingSeconds/);
    expect(await data.get(REDIS_KEYS.slot)).toBeNull();
  });
});
