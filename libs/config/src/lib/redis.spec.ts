import { EventEmitter } from 'node:events';

import { parseRedisUrl, quietRedis, redisAddress, redisConnection } from './redis';
import { loadDownloaderEnv, loadQueueEnv, loadStationEnv } from './station-env';

describe('REDIS_URL', () => {
  it.each([
    ['redis://127.0.0.1', { host: '127.0.0.1', port: 6379 }],
    ['redis://:s3cret@redis.lan:6390/2', { host: 'redis.lan', port: 6390, password: 's3cret', db: 2 }],
    [
      'rediss://default:p%40ss%2Fword@cache.example.com:6380',
      {
        host: 'cache.example.com',
        port: 6380,
        username: 'default',
        password: 'p@ss/word',
        tls: {},
      },
    ],
    ['redis://[::1]:7000/0', { host: '::1', port: 7000, db: 0 }],
  ])('%s', (url, expected) => {
    expect(parseRedisUrl(url)).toEqual(expected);
    expect(redisConnection(loadQueueEnv({ REDIS_URL: url }))).toEqual(expected);
  });

  it.each([
    'http://redis.lan',
    'redis://',
    'redis.lan:6379',
    'redis://host/db1',
    'redis://host/?tls=1',
    'redis://h:99999',
  ])('refuses %s with the form it wants', (url) => {
    expect(parseRedisUrl(url)).toBeUndefined();
    expect(() => loadQueueEnv({ REDIS_URL: url })).toThrow(/REDIS_URL: must be redis:\/\/\[user:password@\]host/);
  });

  it('wins over REDIS_HOST/PORT; a URL without a password takes REDIS_PASSWORD', () => {
    const env = loadDownloaderEnv({
      REDIS_URL: 'rediss://cache.example.com:6380/1',
      REDIS_HOST: 'ignored',
      REDIS_PORT: '1',
      REDIS_PASSWORD: 'from-secrets',
    });
    expect(redisConnection(env)).toEqual({
      host: 'cache.example.com',
      port: 6380,
      db: 1,
      password: 'from-secrets',
      tls: {},
    });
    expect(redisConnection({ ...env, REDIS_URL: 'redis://:own@h' }).password).toBe('own');
    expect(redisAddress(redisConnection(env))).toBe('rediss://cache.example.com:6380');
  });

  it('falls back to host, port and password, as before', () => {
    expect(redisConnection(loadStationEnv({ REDIS_URL: ' ', REDIS_PORT: '6390', REDIS_PASSWORD: 'pw' }))).toEqual({
      host: '127.0.0.1',
      port: 6390,
      password: 'pw',
    });
    expect(redisConnection(loadStationEnv({}))).toEqual({ host: '127.0.0.1', port: 6379 });
  });
});

describe('quietRedis', () => {
  it("logs a client's connection errors, one warning per 10 s, instead of ioredis printing each retry", () => {
    const client = new EventEmitter();
    const warnings: string[] = [];
    expect(quietRedis(client, 'queue state', { warn: (message: string) => warnings.push(message) })).toBe(client);
    expect(() => {
      client.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      client.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    }).not.toThrow();
    expect(warnings).toEqual(['redis (queue state): connect ECONNREFUSED 127.0.0.1:6379']);
  });
});
