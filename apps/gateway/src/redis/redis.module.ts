import { STATION_ENV, type StationEnv, redisConnection } from '@h4k/config';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * A command waits while Redis restarts instead of failing at the first lost connection: the runner
 * brings a killed Redis back in ~0.3 s (AOF reloaded). Reconnects after 50, 100 … 300 ms; a command
 * is given up after ~1.7 s, so a Redis that stays down still answers 503 quickly.
 */
export const RIDE_OUT_REDIS_RESTART = {
  maxRetriesPerRequest: 8,
  retryStrategy: (attempt: number) => Math.min(attempt * 50, 300),
};

/** The gateway's own Redis connection (state it serves without a round trip to a service). */
@Injectable()
export class GatewayRedis extends Redis implements OnApplicationShutdown {
  constructor(@Inject(STATION_ENV) env: StationEnv) {
    super({
      ...redisConnection(env),
      ...RIDE_OUT_REDIS_RESTART,
      lazyConnect: false,
    });
    // Errors surface through commands and /health; without a listener ioredis logs each retry as unhandled.
    this.on('error', () => undefined);
  }

  onApplicationShutdown(): void {
    this.disconnect();
  }
}

@Global()
@Module({ providers: [GatewayRedis], exports: [GatewayRedis] })
export class RedisModule {}
