import { quietRedis, redisConnection, type RedisSettings } from '@h4k/config';
import { countRestart } from '@h4k/contracts';
import Redis from 'ioredis';

/**
 * Writes every restart pm2 makes into the station's Redis, where the gateway's /metrics reads it.
 * Connects on the first restart (Redis is one of the processes the runner starts); a restart of
 * Redis itself waits in ioredis's offline queue until Redis is back.
 */
export class RestartCounter {
  private readonly redis: Redis;

  constructor(
    env: RedisSettings,
    private readonly log: (line: string) => void,
  ) {
    this.redis = quietRedis(
      new Redis({ ...redisConnection(env), lazyConnect: true, maxRetriesPerRequest: null }),
      'restart counter',
      { warn: (message: string) => log(message) },
    );
  }

  count(processName: string): void {
    countRestart(this.redis, processName).catch((error: unknown) =>
      this.log(`could not count the restart of ${processName}: ${String(error)}`),
    );
  }

  close(): void {
    this.redis.disconnect();
  }
}
