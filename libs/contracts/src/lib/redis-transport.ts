import { type RedisOptions, Transport } from '@nestjs/microservices';
import type { RedisOptions as IORedisOptions } from 'ioredis';

/** Where Redis is, as @h4k/config's redisConnection() gives it (REDIS_URL or host/port/password). */
export type RedisEndpoint = Pick<IORedisOptions, 'username' | 'password' | 'db' | 'tls'> & {
  host: string;
  port: number;
};

/**
 * Redis transport options shared by every service and the gateway. Retries are unbounded so a
 * Redis restart never crashes a process (without them the transport throws on the first failure);
 * every 200 ms, so a killed Redis (back in ~0.3 s) loses few RPCs to a server not yet resubscribed.
 */
export function redisTransportOptions(endpoint: RedisEndpoint): RedisOptions {
  return {
    transport: Transport.REDIS,
    options: {
      ...endpoint,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retryDelay: 200,
      maxRetriesPerRequest: null,
    },
  };
}
