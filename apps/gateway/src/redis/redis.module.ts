import { STATION_ENV, type StationEnv, redisConnection } from '@h4k/config';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/** The gateway's own Redis connection (state it serves without a round trip to a service). */
@Injectable()
export class GatewayRedis extends Redis implements OnApplicationShutdown {
  constructor(@Inject(STATION_ENV) env: StationEnv) {
    super({
      ...redisConnection(env),
      maxRetriesPerRequest: 1,
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
