import { eventually, freePort, type OwnedProcess, startProcess } from '@h4k/testing';
import Redis from 'ioredis';

import { httpErrorOf } from '../errors/http-error.filter';
import { RIDE_OUT_REDIS_RESTART } from './redis.module';

/** A real redis-server on `port` (no persistence: only the connection matters here). */
async function redisOn(port: number): Promise<OwnedProcess> {
  const redis = startProcess('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '']);
  await eventually(`redis on ${port}`, () => redis.log.includes('Ready to accept connections'), 10_000);
  return redis;
}

describe('the gateway rides out a Redis restart', () => {
  const clients: Redis[] = [];
  const servers: OwnedProcess[] = [];
  const client = (port: number, options: object) => {
    const redis = new Redis({ host: '127.0.0.1', port, ...options });
    redis.on('error', () => undefined);
    clients.push(redis);
    return redis;
  };

  afterEach(async () => {
    for (const redis of clients.splice(0)) redis.disconnect();
    for (const server of servers.splice(0)) await server.stop('SIGKILL');
  });

  it('answers a command sent while Redis is killed and back 0.5 s later', async () => {
    const port = await freePort();
    servers.push(await redisOn(port));
    const redis = client(port, RIDE_OUT_REDIS_RESTART);
    await redis.set('slot', 'kept');
    await servers.pop()?.stop('SIGKILL');
    const answer = redis.incr('counter');
    await new Promise((resolve) => setTimeout(resolve, 500));
    servers.push(await redisOn(port));
    await expect(answer).resolves.toBe(1);
  });

  it('gives up after ~2 s when Redis stays down, and the client is told 503 with a reason', async () => {
    const redis = client(await freePort(), RIDE_OUT_REDIS_RESTART);
    const started = Date.now();
    const failure = await redis.get('anything').catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(httpErrorOf(failure)).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/Redis/),
    });
  });
});
